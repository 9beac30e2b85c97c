# EEx.SyntaxError: a template EEx cannot read (an unclosed tag, an `end` with no block...).
defmodule EEx.SyntaxError do
  defexception [:message, :file, :line, :column]

  def message(%{file: file, line: line, column: column, message: message}) do
    "#{file}:#{line}:#{column}: #{message}"
  end
end
