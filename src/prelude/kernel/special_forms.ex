# Kernel.SpecialForms: the language's building blocks (case, fn, for, quote, %{}, <<>>, ...),
# which the compiler implements itself. The module exists so that it can be loaded and asked
# about (`__info__(:macros)`, `h Kernel.SpecialForms`, `Code.fetch_docs/1`), as in Elixir.
defmodule Kernel.SpecialForms do
end
