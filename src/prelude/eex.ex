# EEx: Elixir code embedded in text. A template is read into tokens (EEx.Compiler.tokenize),
# the tokens become quoted code through an engine (EEx.SmartEngine unless :engine says
# otherwise), and that code is evaluated with the given bindings or made into a function.
defmodule EEx do
  @moduledoc false

  defmacro function_from_string(kind, name, template, args \\ [], options \\ []) do
    quote bind_quoted: [kind: kind, name: name, template: template, args: args, options: options] do
      info = Keyword.merge([file: __ENV__.file, line: __ENV__.line], options)
      params = Enum.map(args, fn arg -> {arg, [line: info[:line]], nil} end)
      compiled = EEx.compile_string(template, info)

      case kind do
        :def -> def unquote(name)(unquote_splicing(params)), do: unquote(compiled)
        :defp -> defp unquote(name)(unquote_splicing(params)), do: unquote(compiled)
      end
    end
  end

  defmacro function_from_file(kind, name, file, args \\ [], options \\ []) do
    quote bind_quoted: [kind: kind, name: name, file: file, args: args, options: options] do
      info = Keyword.merge([file: IO.chardata_to_string(file), line: 1], options)
      params = Enum.map(args, fn arg -> {arg, [line: 1], nil} end)
      compiled = EEx.compile_file(file, info)

      @external_resource file
      case kind do
        :def -> def unquote(name)(unquote_splicing(params)), do: unquote(compiled)
        :defp -> defp unquote(name)(unquote_splicing(params)), do: unquote(compiled)
      end
    end
  end

  def compile_string(source, options \\ []) when is_binary(source) and is_list(options) do
    case tokenize(source, options) do
      {:ok, tokens} ->
        EEx.Compiler.compile(tokens, options)

      {:error, message, %{line: line, column: column}} ->
        raise EEx.SyntaxError, file: options[:file] || "nofile", line: line, column: column, message: message
    end
  end

  def compile_file(filename, options \\ []) when is_list(options) do
    filename = IO.chardata_to_string(filename)
    compile_string(read!(filename), Keyword.merge([file: filename, line: 1], options))
  end

  def eval_string(source, bindings \\ [], options \\ [])
      when is_binary(source) and is_list(bindings) and is_list(options) do
    source |> compile_string(options) |> evaluate(bindings, options)
  end

  def eval_file(filename, bindings \\ [], options \\ [])
      when is_list(bindings) and is_list(options) do
    filename = IO.chardata_to_string(filename)
    options = Keyword.put_new(options, :file, filename)
    filename |> compile_file(options) |> evaluate(bindings, options)
  end

  def tokenize(contents, opts \\ []) do
    EEx.Compiler.tokenize(contents, opts)
  end

  # File.read!/1, called through apply: the library's File module may not be there yet
  # (then this raises its UndefinedFunctionError), and the prelude's calls are checked.
  defp read!(filename), do: apply(File, :read!, [filename])

  defp evaluate(quoted, bindings, options) do
    {result, _binding} = Code.eval_quoted(quoted, bindings, options)
    result
  end
end
