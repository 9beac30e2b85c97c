# Code.Typespec: a module's typespecs in Erlang's abstract format, and back to quoted Elixir.
#
# Elixir reads them from the debug info of a BEAM file. A module compiled in beamsh keeps its
# @type/@typep/@opaque/@spec/@callback/@macrocallback attributes as written (with the line
# of each); the binary of `{:module, M, binary, _}` (or of Code.compile_string/2) stands for
# its BEAM code, and this module translates them as Elixir's compiler does when it writes
# them there. A module named by atom has no BEAM file (it lives in memory, as a module
# defined in iex or in a script does in Elixir), so fetching by atom gives :error.
defmodule Code.Typespec do
  @moduledoc false

  ## Reading them back

  def fetch_types(module) when is_atom(module) or is_binary(module) do
    case abstract_code(module) do
      {:ok, forms} ->
        exported = List.flatten(for {:attribute, _, :export_type, pairs} <- forms, do: pairs)

        types =
          for {:attribute, _, kind, {name, _, args} = type} <- forms, kind in [:opaque, :type] do
            cond do
              kind == :opaque -> {:opaque, type}
              {name, length(args)} in exported -> {:type, type}
              true -> {:typep, type}
            end
          end

        {:ok, types}

      :error ->
        :error
    end
  end

  def fetch_specs(module) when is_atom(module) or is_binary(module) do
    case abstract_code(module) do
      {:ok, forms} -> {:ok, for({:attribute, _, :spec, value} <- forms, do: value)}
      :error -> :error
    end
  end

  def fetch_callbacks(module) when is_atom(module) or is_binary(module) do
    case abstract_code(module) do
      {:ok, forms} -> {:ok, for({:attribute, _, :callback, value} <- forms, do: value)}
      :error -> :error
    end
  end

  defp abstract_code(module) do
    case :beamsh_module.__typespecs__(module) do
      {name, written, macros} -> {:ok, forms(name, written, macros)}
      :error -> :error
    end
  end

  ## Quoted typespecs to Erlang's abstract format (what the compiler writes)

  # The forms as the compiler lays them out: each spec or callback name newest-sorted first,
  # then the types newest first (each public one after its export_type).
  defp forms(module, written, macros) do
    of_kind = fn kinds -> for k <- kinds, {^k, quoted, line} <- written, do: {k, quoted, line} end
    types = Enum.map(of_kind.([:type, :opaque, :typep]), &translate_type(&1, module))
    specs = Enum.map(of_kind.([:spec]), &translate_spec(&1, module))
    callbacks = Enum.map(of_kind.([:callback]), &translate_spec(&1, module))
    macrocallbacks = Enum.map(of_kind.([:macrocallback]), &translate_spec(&1, module))

    used = used_types(types ++ specs ++ callbacks ++ macrocallbacks)

    types =
      Enum.filter(types, fn {_kind, pair, _line, _type, export} -> export or pair in used end)

    type_forms =
      Enum.reduce(types, [], fn
        {kind, pair, line, type, true}, acc -> [{:attribute, line, :export_type, [pair]}, {:attribute, line, kind, type} | acc]
        {kind, _pair, line, type, false}, acc -> [{:attribute, line, kind, type} | acc]
      end)

    macro_callbacks = for {_, pair, _, _} <- macrocallbacks, do: pair
    spec_forms = spec_forms(:spec, specs, macros, type_forms)
    spec_forms(:callback, callbacks ++ macrocallbacks, macro_callbacks, spec_forms)
  end

  defp spec_forms(kind, entries, macros, acc) do
    groups = Enum.group_by(entries, fn {_, pair, _, _} -> pair end)

    groups
    |> Map.keys()
    |> Enum.sort()
    |> Enum.reduce(acc, fn {name, arity} = pair, acc ->
      clauses = groups[pair]
      line = clauses |> Enum.map(&elem(&1, 2)) |> Enum.min()
      specs = Enum.map(clauses, &elem(&1, 3))

      value =
        if pair in macros,
          do: {{:"MACRO-#{name}", arity + 1}, Enum.map(specs, &macro_spec/1)},
          else: {pair, specs}

      [{:attribute, line, kind, value} | acc]
    end)
  end

  # A macro's spec takes the caller's environment first.
  defp macro_spec({:type, line, :bounded_fun, [fun | rest]}), do: {:type, line, :bounded_fun, [macro_spec(fun) | rest]}

  defp macro_spec({:type, line, :fun, [{:type, _, :product, args} | rest]}),
    do: {:type, line, :fun, [{:type, line, :product, [{:type, line, :term, []} | args]} | rest]}

  defp macro_spec(other), do: other

  defp used_types(translated) do
    translated
    |> Enum.flat_map(fn
      {_kind, _pair, _line, {_name, type, _vars}, _export} -> user_types(type)
      {_kind, _pair, _line, spec} -> user_types(spec)
    end)
    |> MapSet.new()
  end

  defp user_types({:user_type, _, name, args}), do: [{name, length(args)} | Enum.flat_map(args, &user_types/1)]
  defp user_types(tuple) when is_tuple(tuple), do: tuple |> Tuple.to_list() |> Enum.flat_map(&user_types/1)
  defp user_types(list) when is_list(list), do: Enum.flat_map(list, &user_types/1)
  defp user_types(_), do: []

  defp translate_type({kind, {:"::", _, [{name, _, args}, definition]}, line}, module) do
    args = if is_atom(args), do: [], else: Enum.map(args, &type_variable/1)
    vars = for {:var, _, _} = var <- args, do: var
    names = for {:var, _, name} <- vars, do: name
    type = {name, typespec(definition, names, module), vars}
    kind_export = %{type: {:type, true}, typep: {:type, false}, opaque: {:opaque, true}}
    {form_kind, export} = kind_export[kind]
    {form_kind, {name, length(args)}, line, type, export}
  end

  defp type_variable({name, meta, context}) when is_atom(name) and is_atom(context), do: {:var, line(meta), name}
  defp type_variable(other), do: other

  defp translate_spec({kind, {:when, _, [spec, guard]}, line}, module), do: translate_spec(kind, spec, guard, line, module)
  defp translate_spec({kind, spec, line}, module), do: translate_spec(kind, spec, [], line, module)

  defp translate_spec(kind, {:"::", meta, [{name, _, args}, return]}, guard, line, module) when is_atom(name) and name != :"::" do
    args = if is_atom(args), do: [], else: args
    at = line(meta)
    vars = Keyword.keys(guard)
    spec = {:type, at, :fun, fun_args(meta, args, return, vars, module)}

    constraints =
      for {var, type} <- guard, not match?({:var, _, context} when is_atom(context), type) do
        {:type, at, :constraint, [{:atom, at, :is_subtype}, [{:var, at, var}, typespec(type, vars, module)]]}
      end

    spec = if constraints == [], do: spec, else: {:type, at, :bounded_fun, [spec, constraints]}
    {kind, {name, length(args)}, line, spec}
  end

  defp fun_args(meta, args, return, vars, module) do
    args =
      case args do
        [{:..., _, _}] -> {:type, line(meta), :any}
        _ -> {:type, line(meta), :product, Enum.map(args, &typespec(&1, vars, module))}
      end

    case [args, typespec(return, vars, module)] do
      [{:type, _, :any}, {:type, _, :any, []}] -> []
      both -> both
    end
  end

  defp line(meta), do: Keyword.get(meta, :line, 0)

  # The Elixir types Erlang does not have, as remote types of the :elixir module.
  defp elixir_type(name, args, vars, module), do: typespec({{:., [], [:elixir, name]}, [], args}, vars, module)

  defp typespec({:|, meta, [_, _]} = union, vars, module) do
    {:type, line(meta), :union, Enum.map(union_members(union), &typespec(&1, vars, module))}
  end

  defp typespec({:<<>>, meta, []}, _, _) do
    {:type, line(meta), :binary, [{:integer, line(meta), 0}, {:integer, line(meta), 0}]}
  end

  defp typespec({:<<>>, meta, [{:"::", unit_meta, [{:_, _, c1}, {:*, _, [{:_, _, c2}, unit]}]}]}, _, _)
       when is_atom(c1) and is_atom(c2) and unit in 1..256 do
    {:type, line(meta), :binary, [{:integer, line(meta), 0}, {:integer, line(unit_meta), unit}]}
  end

  defp typespec({:<<>>, meta, [{:"::", size_meta, [{:_, _, c}, size]}]}, _, _) when is_atom(c) and is_integer(size) and size >= 0 do
    {:type, line(meta), :binary, [{:integer, line(size_meta), size}, {:integer, line(meta), 0}]}
  end

  defp typespec({:<<>>, meta, [{:"::", size_meta, [{:_, _, c1}, size]}, {:"::", unit_meta, [{:_, _, c2}, {:*, _, [{:_, _, c3}, unit]}]}]}, _, _)
       when is_atom(c1) and is_atom(c2) and is_atom(c3) and is_integer(size) and size >= 0 and unit in 1..256 do
    {:type, line(meta), :binary, [{:integer, line(size_meta), size}, {:integer, line(unit_meta), unit}]}
  end

  defp typespec({:map, meta, args}, _, _) when args == [] or is_atom(args), do: {:type, line(meta), :map, :any}

  defp typespec({:%{}, meta, fields}, vars, module) do
    fields =
      Enum.map(fields, fn
        {{:required, field_meta, [key]}, value} -> {:type, line(field_meta), :map_field_exact, [typespec(key, vars, module), typespec(value, vars, module)]}
        {{:optional, field_meta, [key]}, value} -> {:type, line(field_meta), :map_field_assoc, [typespec(key, vars, module), typespec(value, vars, module)]}
        {key, value} -> {:type, line(meta), :map_field_exact, [typespec(key, vars, module), typespec(value, vars, module)]}
      end)

    {:type, line(meta), :map, fields}
  end

  defp typespec({:%, _, [name, {:%{}, meta, fields}]}, vars, module) do
    struct_module = expand_alias(name, module)

    defaults =
      struct_module.__struct__()
      |> Map.delete(:__struct__)
      |> Map.to_list()
      |> Enum.sort()

    types =
      Enum.map(defaults, fn
        {:__exception__ = field, true} -> {field, Keyword.get(fields, field, true)}
        {field, _} -> {field, Keyword.get(fields, field, {:term, [], []})}
      end)

    typespec({:%{}, meta, [__struct__: struct_module] ++ types}, vars, module)
  end

  defp typespec({:.., meta, [first, last]}, vars, module) do
    {:type, line(meta), :range, [typespec(first, vars, module), typespec(last, vars, module)]}
  end

  defp typespec({:__MODULE__, _, context}, vars, module) when is_atom(context), do: typespec(module, vars, module)
  defp typespec({:__aliases__, _, _} = alias, vars, module), do: typespec(expand_alias(alias, module), vars, module)

  defp typespec([{:->, meta, [args, return]}], vars, module) when is_list(args) do
    {:type, line(meta), :fun, fun_args(meta, args, return, vars, module)}
  end

  defp typespec({:"::", meta, [{var, var_meta, context}, type]}, vars, module) when is_atom(var) and is_atom(context) do
    {:ann_type, line(meta), [{:var, line(var_meta), var}, typespec(type, vars, module)]}
  end

  defp typespec({:"::", meta, [left, right]}, vars, module) do
    {:ann_type, line(meta), [typespec(left, vars, module), typespec(right, vars, module)]}
  end

  defp typespec({op, meta, [integer]}, _, _) when op in [:+, :-] and is_integer(integer) do
    {:op, line(meta), op, {:integer, line(meta), integer}}
  end

  defp typespec({{:., meta, [remote, name]}, _, args}, vars, module) do
    case expand_alias(remote, module) do
      ^module ->
        typespec({name, meta, args}, vars, module)

      remote ->
        {:remote_type, line(meta), [typespec(remote, vars, module), typespec(name, vars, module), Enum.map(args, &typespec(&1, vars, module))]}
    end
  end

  defp typespec({:tuple, meta, []}, _, _), do: {:type, line(meta), :tuple, :any}
  defp typespec({:{}, meta, elements}, vars, module) when is_list(elements), do: {:type, line(meta), :tuple, Enum.map(elements, &typespec(&1, vars, module))}
  defp typespec({left, right}, vars, module), do: typespec({:{}, [], [left, right]}, vars, module)
  defp typespec({:__block__, _, [inner]}, vars, module), do: typespec(inner, vars, module)

  defp typespec({name, meta, context}, vars, module) when is_atom(name) and is_atom(context) do
    if name in vars, do: {:var, line(meta), name}, else: typespec({name, meta, []}, vars, module)
  end

  defp typespec({name, _, []}, vars, module) when name in [:charlist, :char_list], do: elixir_type(:charlist, [], vars, module)
  defp typespec({:nonempty_charlist, _, []}, vars, module), do: elixir_type(:nonempty_charlist, [], vars, module)
  defp typespec({:struct, _, []}, vars, module), do: elixir_type(:struct, [], vars, module)
  defp typespec({:as_boolean, _, [arg]}, vars, module), do: elixir_type(:as_boolean, [arg], vars, module)
  defp typespec({:keyword, _, args}, vars, module) when length(args) <= 1, do: elixir_type(:keyword, args, vars, module)

  defp typespec({name, meta, args}, vars, module) when is_atom(name) and is_list(args) do
    args = Enum.map(args, &typespec(&1, vars, module))
    if name == :fun or erlang_type?(name, length(args)), do: {:type, line(meta), name, args}, else: {:user_type, line(meta), name, args}
  end

  defp typespec(atom, _, _) when is_atom(atom), do: {:atom, 0, atom}
  defp typespec(integer, _, _) when is_integer(integer), do: {:integer, 0, integer}
  defp typespec([], vars, module), do: typespec({nil, [], []}, vars, module)
  defp typespec([{:..., _, context}], vars, module) when is_atom(context), do: typespec({:nonempty_list, [], []}, vars, module)
  defp typespec([type, {:..., _, context}], vars, module) when is_atom(context), do: typespec({:nonempty_list, [], [type]}, vars, module)
  defp typespec([type], vars, module), do: typespec({:list, [], [type]}, vars, module)

  defp typespec([_ | _] = keywords, vars, module) do
    [last | rest] = Enum.reverse(keywords)
    union = Enum.reduce(rest, last, fn pair, acc -> {:|, [], [pair, acc]} end)
    typespec({:list, [], [union]}, vars, module)
  end

  defp typespec(other, _, _) do
    raise ArgumentError, "unexpected expression in typespec: #{Macro.to_string(other)}"
  end

  defp union_members({:|, _, [left, right]}), do: [left | union_members(right)]
  defp union_members(other), do: [other]

  # An alias as it expanded where the typespec was written (its :alias metadata).
  defp expand_alias({:__aliases__, meta, [head | tail] = parts}, module) do
    case Keyword.get(meta, :alias, false) do
      false when head == :__MODULE__ -> Module.concat([module | tail])
      false -> Module.concat(parts)
      aliased -> Module.concat([aliased | tail])
    end
  end

  defp expand_alias({:__MODULE__, _, context}, module) when is_atom(context), do: module
  defp expand_alias(other, _module), do: other

  @erlang_types [
    any: 0, arity: 0, atom: 0, binary: 0, bitstring: 0, bool: 0, boolean: 0, byte: 0, char: 0,
    float: 0, function: 0, identifier: 0, integer: 0, iodata: 0, iolist: 0, list: 0, list: 1,
    map: 0, maybe_improper_list: 0, maybe_improper_list: 2, mfa: 0, module: 0, neg_integer: 0,
    nil: 0, no_return: 0, node: 0, non_neg_integer: 0, none: 0, nonempty_binary: 0,
    nonempty_bitstring: 0, nonempty_improper_list: 2, nonempty_list: 0, nonempty_list: 1,
    nonempty_maybe_improper_list: 0, nonempty_maybe_improper_list: 2, nonempty_string: 0,
    number: 0, pid: 0, port: 0, pos_integer: 0, reference: 0, string: 0, term: 0, timeout: 0,
    tuple: 0
  ]

  defp erlang_type?(name, arity), do: {name, arity} in @erlang_types

  ## Erlang's abstract format back to quoted Elixir

  def spec_to_quoted(name, spec)

  def spec_to_quoted(name, {:type, anno, :fun, [{:type, _, :product, args}, result]}) when is_atom(name) do
    meta = meta(anno)
    call = {name, meta, Enum.map(args, &to_quoted/1)}
    spec = {:"::", meta, [call, to_quoted(result)]}

    case free_vars(args ++ [result], []) do
      [] -> spec
      vars -> {:when, meta, [spec, Enum.map(vars, &{&1, {:var, meta, nil}})]}
    end
  end

  def spec_to_quoted(name, {:type, anno, :fun, []}) when is_atom(name) do
    meta = meta(anno)
    {:"::", meta, [{name, meta, []}, {:term, [], Code.Typespec}]}
  end

  def spec_to_quoted(name, {:type, anno, :bounded_fun, [type, constraints]}) when is_atom(name) do
    meta = meta(anno)
    {:type, _, :fun, [{:type, _, :product, args}, result]} = type

    guards =
      for {:type, _, :constraint, [{:atom, _, :is_subtype}, [{:var, _, var}, type]]} <- constraints,
          do: {elixir_var(var), to_quoted(type)}

    vars = free_vars(args ++ [result], Keyword.keys(guards))
    call = {name, meta, Enum.map(args, &to_quoted/1)}
    {:when, meta, [{:"::", meta, [call, to_quoted(result)]}, guards ++ Enum.map(vars, &{&1, {:var, meta, nil}})]}
  end

  def type_to_quoted(type)

  def type_to_quoted({{:record, record}, fields, args}) when is_atom(record) do
    fields = Enum.map(fields, &to_quoted/1)
    {:"::", [], [{record, [], Enum.map(args, &to_quoted/1)}, {:{}, [], [record | fields]}]}
  end

  def type_to_quoted({name, type, args}) when is_atom(name) do
    {:"::", [], [{name, [], Enum.map(args, &to_quoted/1)}, to_quoted(type)]}
  end

  # The type variables of a spec (in Elixir's spelling), first use first, but those of
  # annotations (`name :: type`).
  defp free_vars(types, except) do
    types
    |> Enum.flat_map(&vars_in/1)
    |> Enum.map(&elixir_var/1)
    |> Enum.uniq()
    |> Enum.reject(&(&1 in except))
  end

  defp vars_in({:ann_type, _, args}) when is_list(args), do: []
  defp vars_in({:type, _, _, args}) when is_list(args), do: Enum.flat_map(args, &vars_in/1)
  defp vars_in({:remote_type, _, args}) when is_list(args), do: Enum.flat_map(args, &vars_in/1)
  defp vars_in({:typed_record_field, _, type}), do: vars_in(type)
  defp vars_in({:paren_type, _, [type]}), do: vars_in(type)
  defp vars_in({:var, _, :_}), do: []
  defp vars_in({:var, _, var}), do: [var]
  defp vars_in(_), do: []

  defp to_quoted({:user_type, anno, name, args}), do: {name, meta(anno), Enum.map(args, &to_quoted/1)}
  defp to_quoted({:type, anno, :tuple, :any}), do: {:tuple, meta(anno), []}
  defp to_quoted({:type, anno, :tuple, args}), do: {:{}, meta(anno), Enum.map(args, &to_quoted/1)}

  defp to_quoted({:type, _, :list, [{:type, _, :union, members} = union]}) do
    if Enum.all?(members, &match?({:type, _, :tuple, [{:atom, _, _}, _]}, &1)),
      do: for({:type, _, :tuple, [{:atom, _, key}, type]} <- members, do: {key, to_quoted(type)}),
      else: [to_quoted(union)]
  end

  defp to_quoted({:type, anno, :list, []}), do: {:list, meta(anno), []}
  defp to_quoted({:type, _, :list, [arg]}), do: [to_quoted(arg)]
  defp to_quoted({:type, anno, :nonempty_list, []}), do: [{:..., meta(anno), nil}]
  defp to_quoted({:type, anno, :nonempty_list, [arg]}), do: [to_quoted(arg), {:..., meta(anno), nil}]
  defp to_quoted({:type, anno, :map, :any}), do: {:map, meta(anno), []}

  defp to_quoted({:type, anno, :map, fields}) do
    fields =
      Enum.map(fields, fn
        {:type, _, :map_field_assoc, :any} -> {{:optional, [], [{:any, [], []}]}, {:any, [], []}}
        {:type, _, :map_field_exact, [{:atom, _, key}, value]} -> {key, to_quoted(value)}
        {:type, _, :map_field_exact, [key, value]} -> {{:required, [], [to_quoted(key)]}, to_quoted(value)}
        {:type, _, :map_field_assoc, [key, value]} -> {{:optional, [], [to_quoted(key)]}, to_quoted(value)}
      end)

    case List.keytake(fields, :__struct__, 0) do
      {{:__struct__, struct}, rest} when is_atom(struct) and struct != nil -> {:%, meta(anno), [struct, {:%{}, meta(anno), rest}]}
      _ -> {:%{}, meta(anno), fields}
    end
  end

  defp to_quoted({:type, anno, :binary, [size, unit]}) do
    meta = meta(anno)
    size = to_quoted(size)
    unit = to_quoted(unit)
    underscore = {:_, meta, Code.Typespec}
    units = {:"::", meta, [underscore, {:*, meta ++ [context: Code.Typespec, imports: [{2, Kernel}]], [underscore, unit]}]}

    case {size, unit} do
      {size, 0} -> {:<<>>, meta, [{:"::", meta, [underscore, size]}]}
      {0, _} -> {:<<>>, meta, [units]}
      {size, _} -> {:<<>>, meta, [{:"::", meta, [underscore, size]}, units]}
    end
  end

  defp to_quoted({:type, anno, :union, members}) do
    members |> Enum.map(&to_quoted/1) |> Enum.reverse() |> Enum.reduce(fn left, right -> {:|, meta(anno), [left, right]} end)
  end

  defp to_quoted({:type, anno, :fun, [{:type, _, :product, args}, result]}), do: [{:->, meta(anno), [Enum.map(args, &to_quoted/1), to_quoted(result)]}]
  defp to_quoted({:type, anno, :fun, [args, result]}), do: [{:->, meta(anno), [[to_quoted(args)], to_quoted(result)]}]
  defp to_quoted({:type, anno, :fun, []}), do: to_quoted({:type, anno, :fun, [{:type, anno, :any}, {:type, anno, :any, []}]})
  defp to_quoted({:type, anno, :range, [first, last]}), do: {:.., meta(anno), [to_quoted(first), to_quoted(last)]}
  defp to_quoted({:type, _, nil, []}), do: []
  defp to_quoted({:type, anno, name, args}) when is_list(args), do: {name, meta(anno), Enum.map(args, &to_quoted/1)}
  defp to_quoted({:var, anno, var}), do: {elixir_var(var), meta(anno), nil}
  defp to_quoted({:op, anno, op, arg}), do: {op, meta(anno), [to_quoted(arg)]}
  defp to_quoted({:remote_type, anno, [module, name, args]}), do: remote_to_quoted(anno, module, name, args)
  defp to_quoted({:ann_type, anno, [var, type]}), do: {:"::", meta(anno), [to_quoted(var), to_quoted(type)]}

  defp to_quoted({:typed_record_field, {:record_field, anno, {:atom, name_anno, name}}, type}),
    do: to_quoted({:ann_type, anno, [{:var, name_anno, name}, type]})

  defp to_quoted({:type, _, :any}), do: {:..., [], Code.Typespec}
  defp to_quoted({:paren_type, _, [type]}), do: to_quoted(type)
  defp to_quoted({kind, _, value}) when is_atom(kind), do: value
  defp to_quoted(other), do: other

  defp remote_to_quoted(anno, {:atom, _, :elixir}, {:atom, _, name}, args)
       when {name, length(args)} in [charlist: 0, nonempty_charlist: 0, struct: 0, as_boolean: 1, keyword: 0, keyword: 1] do
    to_quoted({:type, anno, name, args})
  end

  defp remote_to_quoted(anno, module, name, args) do
    meta = meta(anno)
    {{:., meta, [to_quoted(module), to_quoted(name)]}, meta, Enum.map(args, &to_quoted/1)}
  end

  # Erlang's variables start with a capital; Elixir's with the lowercase letter.
  defp elixir_var(var) do
    case Atom.to_string(var) do
      <<"_", c::utf8, rest::binary>> -> String.to_atom("_" <> String.downcase(<<c::utf8>>) <> rest)
      <<c::utf8, rest::binary>> -> String.to_atom(String.downcase(<<c::utf8>>) <> rest)
    end
  end

  # An annotation: a line, {line, column}, or a keyword list with its :location.
  defp meta(anno), do: [line: anno_line(anno)]

  defp anno_line(line) when is_integer(line), do: abs(line)
  defp anno_line({line, _column}) when is_integer(line), do: abs(line)
  defp anno_line(anno) when is_list(anno), do: anno |> Keyword.get(:location, 0) |> anno_line()
end
