# ExUnit.Filters.parse_path/1: `mix test path:line:line` split into the path and the line
# filters; trailing integer parts are lines (non-positive ones warned about and dropped).
for path <- [
      "test/some/path.exs:123",
      "test/some/path.exs",
      "test/some/path.exs:123notreallyalinenumber123",
      "C:\\some\\path.exs:123:456",
      "test/some/path.exs:123notalinenumber123:456",
      "test/some/path.exs:123:456notalinenumber456",
      "test/some/path.exs:0",
      "test/some/path.exs:123:0:-789:456",
      "12:34",
      ""
    ] do
  IO.inspect(ExUnit.Filters.parse_path(path))
end
