# Golden-fixture generator (needs real Elixir 1.14; the tests do not).
#
#   elixir test/lang/gen-fixtures.exs INPUT OUTDIR
#
# INPUT is written by gen-fixtures.mjs: lines "GROUP name", "SRC base64" (one source) and
# "SPLIT base64" (an iex transcript, split into inputs the way iex does: lines are
# accumulated until the parser stops reporting an incomplete expression).
# For every source we record the quoted form of `Code.string_to_quoted(src, columns: true)`
# encoded as JSON (see ast.ts; integers are {"$int": "..."}, floats {"$float": x}), or the
# error iex would report (kind, position, description, message, incomplete).

defmodule Fixtures.Json do
  def enc(x) when is_integer(x), do: ~s({"$int":"#{x}"})
  def enc(x) when is_float(x), do: ~s({"$float":#{:erlang.float_to_binary(x, [:short])}})
  def enc(nil), do: "null"
  def enc(true), do: "true"
  def enc(false), do: "false"
  def enc(x) when is_atom(x), do: ~s({"atom":#{str(Atom.to_string(x))}})
  def enc(x) when is_binary(x), do: bin(x)
  def enc(x) when is_list(x), do: "[" <> Enum.map_join(x, ",", &enc/1) <> "]"
  def enc({a, b}), do: ~s({"tuple":[#{enc(a)},#{enc(b)}]})

  def enc({name, meta, args}) when is_list(meta) do
    n = if is_atom(name), do: str(Atom.to_string(name)), else: enc(name)
    a = if is_list(args), do: enc(args), else: "null"
    ~s({"name":#{n},"meta":#{plain(meta)},"args":#{a}})
  end

  def bin(x) do
    if String.valid?(x), do: str(x), else: ~s({"$bytes":[#{Enum.join(:binary.bin_to_list(x), ",")}]})
  end

  # Metadata and error records: plain JSON (keyword lists become objects).
  def plain([{k, _} | _] = kw) when is_atom(k),
    do: "{" <> Enum.map_join(kw, ",", fn {k, v} -> str(Atom.to_string(k)) <> ":" <> plain(v) end) <> "}"

  def plain([]), do: "{}"
  def plain(x) when is_integer(x) or is_float(x), do: to_string(x)
  def plain(nil), do: "null"
  def plain(x) when is_boolean(x), do: to_string(x)
  def plain(x) when is_atom(x), do: str(Atom.to_string(x))
  def plain(x) when is_binary(x), do: bin(x)
  def plain(x) when is_list(x), do: "[" <> Enum.map_join(x, ",", &plain/1) <> "]"

  def str(s) do
    escaped =
      for <<c::utf8 <- s>>, into: "" do
        case c do
          ?" -> "\\\""
          ?\\ -> "\\\\"
          ?\n -> "\\n"
          ?\r -> "\\r"
          ?\t -> "\\t"
          c when c < 32 or c == 0x2028 or c == 0x2029 ->
            "\\u" <> String.pad_leading(Integer.to_string(c, 16), 4, "0")
          c -> <<c::utf8>>
        end
      end

    "\"" <> escaped <> "\""
  end
end

defmodule Fixtures do
  alias Fixtures.Json

  # The way IEx.Evaluator.parse/3 parses (file "iex", line 1, no columns in the AST).
  def iex_parse(src) do
    chars = String.to_charlist(src)
    opts = [emit_warnings: false]

    with {:ok, tokens} <- :elixir.string_to_tokens(chars, 1, 1, "iex", opts),
         {:ok, forms} <- :elixir.tokens_to_quoted(tokens, "iex", opts) do
      {:ok, forms}
    else
      {:error, {_, _, ""}} = err -> {:incomplete, err}
      {:error, _} = err -> err
    end
  end

  def error_json(src, {:error, {location, error, token}}) do
    try do
      :elixir_errors.parse_error(location, "iex", error, token, {String.to_charlist(src), 1, 1})
    rescue
      e ->
        fields = [
          kind: inspect(e.__struct__),
          line: e.line,
          column: Map.get(e, :column),
          description: e.description,
          message: Exception.message(e),
          incomplete: token == ""
        ]

        Json.plain(fields)
    end
  end

  def record(src) do
    head = ~s({"src":#{Json.str(src)})

    case Code.string_to_quoted(src, columns: true, emit_warnings: false) do
      {:ok, ast} ->
        head <> ~s(,"ast":#{Json.enc(ast)}}\n)

      {:error, _} ->
        err =
          case iex_parse(src) do
            {:incomplete, e} -> e
            {:error, _} = e -> e
          end

        head <> ~s(,"error":#{error_json(src, err)}}\n)
    end
  end

  # Accumulate lines the way iex does until the input is no longer incomplete.
  def split(text) do
    lines = String.split(text, "\n") |> Enum.map(&(&1 <> "\n"))
    lines = if List.last(lines) == "\n", do: Enum.drop(lines, -1), else: lines

    {chunks, rest} =
      Enum.reduce(lines, {[], ""}, fn line, {acc, buf} ->
        input = buf <> line

        case iex_parse(input) do
          {:incomplete, _} -> {acc, input}
          _ -> {[input | acc], ""}
        end
      end)

    Enum.reverse(if rest == "", do: chunks, else: [rest | chunks])
  end

  def main([input, outdir]) do
    groups =
      File.read!(input)
      |> String.split("\n", trim: true)
      |> Enum.reduce([], fn
        "GROUP " <> name, acc -> [{name, []} | acc]
        "SRC " <> b64, [{n, srcs} | acc] -> [{n, [Base.decode64!(b64) | srcs]} | acc]
        "SPLIT " <> b64, [{n, srcs} | acc] -> [{n, Enum.reverse(split(Base.decode64!(b64))) ++ srcs} | acc]
      end)

    for {name, srcs} <- groups do
      body = srcs |> Enum.reverse() |> Enum.uniq() |> Enum.map_join(",", &record/1)
      File.write!(Path.join(outdir, name <> ".json"), "[\n" <> body <> "]\n")
    end
  end
end

Fixtures.main(System.argv())
