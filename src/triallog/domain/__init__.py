"""Pure-Python rules of TrialLog: values, enums, validation. Imports nothing from Qt or storage."""
