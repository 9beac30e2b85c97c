# Each module's typespecs are checked as the module is compiled (Kernel.Typespec).
bad = [
  "@type t :: foo",
  "@type t :: list(foo)",
  "@spec f(strin) :: :ok\ndef f(_), do: :ok",
  "@spec f(x) :: integer\ndef f(_), do: 1",
  "@type list :: integer",
  "@type struct :: integer",
  "@type keyword(t) :: t",
  "@type t :: integer\n@type t :: atom",
  "@type t = 1",
  "@type t :: \"foobar\"",
  "@type t :: 1.5",
  "@type t :: 1..0",
  "@type t :: :a..:b",
  "@type t :: <<_::3, _::4>>",
  "@type t :: <<_::_*300>>",
  "@type t :: %{atom | binary => integer}",
  "@type t :: %{:a}",
  "@type t :: [1, 2]",
  "@type t(x) :: integer",
  "@type t(_) :: integer",
  "@type t(1) :: integer",
  "@spec f(integer)\ndef f(_), do: 1",
  "@spec \"not a spec\"",
  "@spec f(x) :: x when x: integer, y: atom\ndef f(x), do: x",
  "@spec f(x) :: y when x\ndef f(x), do: x",
  "@type t :: record(atom)",
  "@foo \"bar\"\n@type t :: @foo.t()",
  "@type t :: (integer -> undefined_thing)",
  "@type t :: %{key: missing}",
  "@type t :: {:ok, nope(integer)}",
  "@callback c(nope) :: :ok",
  "@macrocallback m() :: nope",
  "@type t :: keyword(integer, atom)",
  "@type t :: __MODULE__.u",
  "@spec f(a) :: a when a: nope\ndef f(x), do: x",
]
for {src, i} <- Enum.with_index(bad, 1) do
  code = "defmodule TsBad#{i} do\n" <> src <> "\nend"
  try do
    Code.eval_string(code, [], file: "bad#{i}.ex")
    IO.puts("#{i}: compiled")
  rescue
    e -> IO.puts("#{i}: #{inspect(e.__struct__)} #{Exception.message(e)}")
  end
end
good = [
  "@type t(x) :: {x, x}",
  "@type t :: u\n@typep u :: integer\n@spec f(t) :: t\ndef f(x), do: x",
  "@spec f(x) :: x when x: var\ndef f(x), do: x",
  "@spec f(_x) :: integer\ndef f(_), do: 1",
  "@type t :: -3..-1",
  "@type t :: %{optional(atom) => integer, required(:k) => [t]}",
]
for {src, i} <- Enum.with_index(good, 1) do
  code = "defmodule TsGood#{i} do\n" <> src <> "\nend"
  try do
    {{:module, m, _, _}, _} = Code.eval_string(code, [], file: "good#{i}.ex")
    IO.puts("good #{i}: #{inspect(m)}")
  rescue
    e -> IO.puts("good #{i}: #{inspect(e.__struct__)} #{Exception.message(e)}")
  end
end
