defmodule OptionParser.ParseError do
  defexception [:message]
end
