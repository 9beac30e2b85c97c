IO.puts "hi"
IO.inspect "﻿x"
IO.inspect byte_size("﻿")
