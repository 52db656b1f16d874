"""The gate: a policy's thresholds turn a report into an exit code; baselines and ignore files suppress."""

from audit.gate.policy import Policy, apply_overrides, check_threshold, evaluate_gate, load_policy

__all__ = ["Policy", "apply_overrides", "check_threshold", "evaluate_gate", "load_policy"]
