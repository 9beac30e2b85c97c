# Code.Identifier: what Elixir's parser knows about operators (their associativity and
# precedence), as the formatter and Macro.to_string ask it, and the parent function of an
# anonymous function's compiled name.
defmodule Code.Identifier do
  @moduledoc false

  # {associativity, precedence} of each unary operator (higher binds tighter).
  @unary %{
    !: 300, ^: 300, not: 300, +: 300, -: 300, "~~~": 300,
    @: 320, &: 90
  }

  # Binary operators by precedence, lowest first.
  @binary [
    {:left, 40, [:<-, :\\]},
    {:right, 50, [:when]},
    {:right, 60, [:"::"]},
    {:right, 70, [:|]},
    {:right, 100, [:=]},
    {:left, 120, [:||, :|||, :or]},
    {:left, 130, [:&&, :&&&, :and]},
    {:left, 140, [:==, :!=, :=~, :===, :!==]},
    {:left, 150, [:<, :<=, :>=, :>]},
    {:left, 160, [:|>, :<<<, :>>>, :<<~, :~>>, :<~, :~>, :<~>, :"<|>"]},
    {:left, 170, [:in]},
    {:left, 180, [:"^^^"]},
    {:right, 190, [:"//"]},
    {:right, 200, [:++, :--, :.., :<>, :+++, :---]},
    {:left, 210, [:+, :-]},
    {:left, 220, [:*, :/]},
    {:left, 230, [:**]},
    {:left, 310, [:.]}
  ]

  def unary_op(op) do
    case @unary do
      %{^op => precedence} -> {:non_associative, precedence}
      %{} -> :error
    end
  end

  def binary_op(op) do
    Enum.find_value(@binary, :error, fn {assoc, precedence, ops} ->
      if op in ops, do: {assoc, precedence}
    end)
  end

  # "-parent/arity-fun-N-" => {:parent, "arity"}; the parent's name may hold "/" itself.
  def extract_anonymous_fun_parent(atom) when is_atom(atom) do
    with "-" <> rest <- Atom.to_string(atom),
         [_ | _] = parts <- :binary.split(rest, "/", [:global]),
         {name_parts, [suffix]} = Enum.split(parts, -1),
         true <- name_parts != [],
         [arity, _kind, _n, ""] <- :binary.split(suffix, "-", [:global]) do
      {String.to_atom(Enum.join(name_parts, "/")), arity}
    else
      _ -> :error
    end
  end
end
