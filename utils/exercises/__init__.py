"""Exercise definitions, one module per notebook (nb00.py, nb01.py, …), loaded by utils.checks.

How to add an exercise to notebook NN:

1. The tested reference lives in the notebook's concept module (``utils/images.py``,
   ``utils/knn.py``, …) with its "Taught in NN · Section" line.  The exercise module keeps no
   copy of it, and no copy of the lecture's data (that is in ``utils/lecture_examples.py``).
2. In ``utils/exercises/nbNN.py`` register an :class:`utils.checks.Exercise` with
   ``reference=`` that function, ``cases=`` a function returning the test inputs (a list of
   :class:`utils.checks.Case`; start with the lecture's example, then other shapes and dtypes),
   a first ``hint``, and where it helps ``diagnose`` (the likely cause of a wrong result),
   ``dtype`` ("same" for images: uint8 in, uint8 out), ``agree`` or ``test`` (further checks).
   The shared diagnosis in :mod:`utils.checks` already handles the common slips: a stub, no
   return, a print, changed inputs, wrong type or shape, wrap-around, cut-off fractions, dtype.
3. In ``notebooks/solutions/NN_slug.ipynb`` the learner's version sits between
   ``### BEGIN SOLUTION`` and ``### END SOLUTION`` with ``name = check("NN.name", name)`` under
   it; ``tests/test_exercises.py`` checks that it agrees with the reference on the cases, and
   tries the common wrong answers on every exercise.
"""
