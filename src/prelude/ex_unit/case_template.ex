# ExUnit.CaseTemplate: a module of shared setup and helpers that test modules `use` in place
# of ExUnit.Case. `use MyCase, opts` is `use ExUnit.Case, opts` plus MyCase's setup_all and
# setup callbacks (run before the test module's own), then what MyCase's using/2 block
# returns (given the options).
defmodule ExUnit.CaseTemplate do
  @moduledoc false

  defmacro __using__(_) do
    quote do
      use ExUnit.Callbacks
      import ExUnit.Assertions
      import ExUnit.CaseTemplate

      defmacro __using__(opts) do
        ExUnit.CaseTemplate.__proxy__(__MODULE__, opts)
      end

      defoverridable __using__: 1
    end
  end

  @doc false
  def __proxy__(template, opts) do
    quote do
      use ExUnit.Case, unquote(opts)
      setup_all context, do: unquote(template).__ex_unit__(:setup_all, context)
      setup context, do: unquote(template).__ex_unit__(:setup, context)
    end
  end

  defmacro using(var \\ quote(do: _), do: block) do
    quote do
      defmacro __using__(unquote(var) = opts) do
        proxy = ExUnit.CaseTemplate.__proxy__(__MODULE__, opts)
        {:__block__, [], [proxy, unquote(block)]}
      end
    end
  end
end
