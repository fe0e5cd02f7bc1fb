"""Application package of the assistant: delivery, storage and one sub-package per capability."""
