"""Poses: a figure drawn from joint angles in an exercise's front matter (no MkDocs here).

``figure`` is the body and its kinematics, ``props`` the kit around it, ``parse`` reads and
checks the ``pose`` block, ``svg`` draws frames and ``render`` puts them on a page.
"""
