IO.inspect "﻿x"
IO.inspect byte_size("﻿")
x = 1
