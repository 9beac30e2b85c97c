# `use Bitwise` (deprecated in Elixir 1.14 for `import Bitwise`, which it does), with the
# old :only_operators and :skip_operators options. The operators themselves are natives.
defmodule Bitwise do
  defmacro __using__(options) do
    except =
      cond do
        Keyword.get(options, :only_operators) ->
          [bnot: 1, band: 2, bor: 2, bxor: 2, bsl: 2, bsr: 2]

        Keyword.get(options, :skip_operators) ->
          [~~~: 1, &&&: 2, |||: 2, ^^^: 2, <<<: 2, >>>: 2]

        true ->
          []
      end

    quote do
      import Bitwise, except: unquote(except)
    end
  end
end
