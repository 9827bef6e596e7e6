"""Exercise definitions, one module per notebook (nb00.py, nb01.py, …), loaded by utils.checks."""
