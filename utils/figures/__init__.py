"""Each notebook's own figures and widget bodies: ``utils/figures/nbNN.py`` for notebook NN.

They mirror ``utils/exercises/nbNN.py``.  A figure function takes plain values, computes with the
notebook's concept module (``utils.images``, ``utils.knn`` …), prints a one-line readout where a
widget calls it, and draws.  General figures used by several notebooks are in :mod:`utils.plotting`.
"""
