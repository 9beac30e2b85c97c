# Code.LoadError: what Code.require_file/2, compile_file/2, eval_file/2 raise when the file
# cannot be read (its path expanded, and the posix reason).
defmodule Code.LoadError do
  defexception [:file, :message, :reason]

  def exception(opts) do
    file = Keyword.fetch!(opts, :file)
    reason = Keyword.fetch!(opts, :reason)
    %Code.LoadError{message: "could not load #{file}. Reason: #{reason}", file: file, reason: reason}
  end
end
