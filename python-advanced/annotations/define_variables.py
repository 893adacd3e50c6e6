"""Exercise 4 (4-define_variables.py): annotated module-level variables.

The annotations end up in the module's __annotations__, where tools and tests read them.
"""

a: int = 1
pi: float = 3.14
i_understand_annotations: bool = True
school: str = "Holberton"
