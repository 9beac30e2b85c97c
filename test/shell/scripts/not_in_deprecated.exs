# `not x in list` (and `!x in list`) is read as `not(x in list)` with the
# parser's deprecation warning at the `in`; `x not in list` and `(not x) in list`
# are not warned about.
x = 3
IO.inspect(not x in [1, 2])
IO.inspect(!x in [1, 3])
IO.inspect(x not in [1, 2])
IO.inspect((not true) in [false])
