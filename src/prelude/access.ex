# Access functions that take or return functions, ported from Elixir 1.14: get_and_update/3
# and the accessors key/1,2, key!/1, elem/1, all/0, at/1, at!/1, filter/1 and slice/1
# (fetch/get/pop are natives). Kernel.get_in/put_in/... are in kernel.ex.
defmodule Access do
  # Access.fetch/2, fetch!/2, get/2,3 and pop/2 of a struct (their natives hand those here):
  # the struct's module implements the Access behaviour's callback, which is called as
  # Elixir's Access calls it. What it raises carries Access's own entry of Elixir 1.14
  # (lib/access.ex) where this function's is; a module without the callback raises
  # UndefinedFunctionError saying it does not implement the behaviour.
  @doc false
  def __struct_access__(op, %module{} = container, args) do
    case op do
      :fetch -> module.fetch(container, hd(args))
      :pop -> module.pop(container, hd(args))
      # (get/3 takes the result in a try's else: another one is a TryClauseError)
      :get ->
        case module.fetch(container, hd(args)) do
          {:ok, value} -> value
          :error -> hd(tl(args))
          other -> :erlang.error({:try_clause, other})
        end
      :fetch! ->
        case module.fetch(container, hd(args)) do
          {:ok, value} -> value
          :error -> :erlang.error(KeyError.exception(key: hd(args), term: container))
        end
    end
  catch
    kind, reason ->
      # (its entries below the callback's, or those of an error it raised itself)
      {callback, entries, own} =
        case op do
          :fetch -> {:fetch, [{Access, :fetch, 2, [file: 'lib/access.ex', line: 212]}], []}
          :get -> {:fetch, [{Access, :get, 3, [file: 'lib/access.ex', line: 288]}], [{Access, :get, 3, [file: 'lib/access.ex', line: 287]}]}
          :pop -> {:pop, [{Access, :pop, 2, [file: 'lib/access.ex', line: 399]}], []}
          :fetch! ->
            line = if match?(%KeyError{}, reason), do: 256, else: 254
            {:fetch, [{Access, :fetch, 2, [file: 'lib/access.ex', line: 212]}, {Access, :fetch!, 2, [file: 'lib/access.ex', line: 254]}],
             [{Access, :fetch!, 2, [file: 'lib/access.ex', line: line]}]}
        end

      stack = access_entries(__STACKTRACE__, entries, own)
      key = hd(args)

      # (the error's raw reason, :undef, is the exception Elixir's rescue sees)
      exception = if kind == :error, do: Exception.normalize(:error, reason, stack)

      reason =
        case {exception, stack} do
          {%UndefinedFunctionError{}, [{^module, ^callback, [^container, ^key], _} | _]} ->
            %{exception |
              reason:
                "#{inspect(module)} does not implement the Access behaviour. " <>
                  "If you are using get_in/put_in/update_in, you can specify the field " <>
                  "to be accessed using Access.key!/1"}

          _ ->
            reason
        end

      :erlang.raise(kind, reason, stack)
  end

  defp access_entries(stack, entries, own) do
    {above, below} = Enum.split_while(stack, &(not match?({Access, :__struct_access__, 3, _}, &1)))

    case {above, below} do
      {[], [_ | rest]} -> own ++ rest
      {_, [_ | rest]} -> above ++ entries ++ rest
      _ -> stack
    end
  end

  def get_and_update(%{__struct__: module} = container, key, fun) do
    if function_exported?(module, :get_and_update, 3) do
      module.get_and_update(container, key, fun)
    else
      :erlang.error(
        UndefinedFunctionError.exception(
          module: module,
          function: :get_and_update,
          arity: 3,
          reason:
            "#{inspect(module)} does not implement the Access behaviour. " <>
              "If you are using get_in/put_in/update_in, you can specify the field " <>
              "to be accessed using Access.key!/1"
        )
      )
    end
  end

  def get_and_update(map, key, fun) when is_map(map), do: Map.get_and_update(map, key, fun)
  def get_and_update(list, key, fun) when is_list(list), do: Keyword.get_and_update(list, key, fun)

  def get_and_update(nil, key, _fun) do
    :erlang.error(ArgumentError.exception("could not put/update key #{inspect(key)} on a nil value"))
  end

  def key(key, default \\ nil) do
    fn
      :get, data, next ->
        next.(Map.get(data, key, default))

      :get_and_update, data, next ->
        value = Map.get(data, key, default)

        case next.(value) do
          {get, update} -> {get, Map.put(data, key, update)}
          :pop -> {value, Map.delete(data, key)}
        end
    end
  end

  def key!(key) do
    fn
      :get, %{} = data, next ->
        next.(Map.fetch!(data, key))

      :get_and_update, %{} = data, next ->
        value = Map.fetch!(data, key)

        case next.(value) do
          {get, update} -> {get, Map.put(data, key, update)}
          :pop -> {value, Map.delete(data, key)}
        end

      _op, data, _next ->
        :erlang.error(RuntimeError.exception("Access.key!/1 expected a map/struct, got: #{inspect(data)}"))
    end
  end

  def elem(index) when is_integer(index) and index >= 0 do
    pos = index + 1

    fn
      :get, data, next when is_tuple(data) ->
        next.(:erlang.element(pos, data))

      :get_and_update, data, next when is_tuple(data) ->
        value = :erlang.element(pos, data)

        case next.(value) do
          {get, update} -> {get, :erlang.setelement(pos, data, update)}
          :pop -> :erlang.error(RuntimeError.exception("cannot pop data from a tuple"))
        end

      _op, data, _next ->
        :erlang.error(RuntimeError.exception("Access.elem/1 expected a tuple, got: #{inspect(data)}"))
    end
  end

  def all(), do: &all/3

  defp all(:get, data, next) when is_list(data), do: Enum.map(data, next)
  defp all(:get_and_update, data, next) when is_list(data), do: all(data, next, [], [])

  defp all(_op, data, _next) do
    :erlang.error(RuntimeError.exception("Access.all/0 expected a list, got: #{inspect(data)}"))
  end

  defp all([head | rest], next, gets, updates) do
    case next.(head) do
      {get, update} -> all(rest, next, [get | gets], [update | updates])
      :pop -> all(rest, next, [head | gets], updates)
    end
  end

  defp all([], _next, gets, updates), do: {:lists.reverse(gets), :lists.reverse(updates)}

  def at(index) when is_integer(index), do: fn op, data, next -> at(op, data, index, next) end

  defp at(:get, data, index, next) when is_list(data), do: data |> Enum.at(index) |> next.()

  defp at(:get_and_update, data, index, next) when is_list(data) do
    get_and_update_at(data, index, next, [], fn -> nil end)
  end

  defp at(_op, data, _index, _next) do
    :erlang.error(RuntimeError.exception("Access.at/1 expected a list, got: #{inspect(data)}"))
  end

  defp get_and_update_at([head | rest], 0, next, updates, _default_fun) do
    case next.(head) do
      {get, update} -> {get, :lists.reverse([update | updates], rest)}
      :pop -> {head, :lists.reverse(updates, rest)}
    end
  end

  defp get_and_update_at([_ | _] = list, index, next, updates, default_fun) when index < 0 do
    list_length = length(list)

    if list_length + index >= 0 do
      get_and_update_at(list, list_length + index, next, updates, default_fun)
    else
      {default_fun.(), list}
    end
  end

  defp get_and_update_at([head | rest], index, next, updates, default_fun) when index > 0 do
    get_and_update_at(rest, index - 1, next, [head | updates], default_fun)
  end

  defp get_and_update_at([], _index, _next, updates, default_fun) do
    {default_fun.(), :lists.reverse(updates)}
  end

  def at!(index) when is_integer(index), do: fn op, data, next -> at!(op, data, index, next) end

  defp at!(:get, data, index, next) when is_list(data) do
    case Enum.fetch(data, index) do
      {:ok, value} -> next.(value)
      :error -> :erlang.error(Enum.OutOfBoundsError.exception([]))
    end
  end

  defp at!(:get_and_update, data, index, next) when is_list(data) do
    get_and_update_at(data, index, next, [], fn -> :erlang.error(Enum.OutOfBoundsError.exception([])) end)
  end

  defp at!(_op, data, _index, _next) do
    :erlang.error(RuntimeError.exception("Access.at!/1 expected a list, got: #{inspect(data)}"))
  end

  def filter(func) when is_function(func), do: fn op, data, next -> filter(op, data, func, next) end

  defp filter(:get, data, func, next) when is_list(data), do: data |> Enum.filter(func) |> Enum.map(next)
  defp filter(:get_and_update, data, func, next) when is_list(data), do: get_and_update_filter(data, func, next, [], [])

  defp filter(_op, data, _func, _next) do
    :erlang.error(RuntimeError.exception("Access.filter/1 expected a list, got: #{inspect(data)}"))
  end

  defp get_and_update_filter([head | rest], func, next, updates, gets) do
    if func.(head) do
      case next.(head) do
        {get, update} -> get_and_update_filter(rest, func, next, [update | updates], [get | gets])
        :pop -> get_and_update_filter(rest, func, next, updates, [head | gets])
      end
    else
      get_and_update_filter(rest, func, next, [head | updates], gets)
    end
  end

  defp get_and_update_filter([], _func, _next, updates, gets), do: {:lists.reverse(gets), :lists.reverse(updates)}

  def slice(%{__struct__: Range, step: step} = range) do
    if step > 0 do
      fn op, data, next -> slice(op, data, range, next) end
    else
      :erlang.error(
        ArgumentError.exception("Access.slice/1 does not accept ranges with negative steps, got: #{inspect(range)}")
      )
    end
  end

  defp slice(:get, data, range, next) when is_list(data), do: data |> Enum.slice(range) |> Enum.map(next)

  defp slice(:get_and_update, data, range, next) when is_list(data) do
    %{first: first, last: last} = range = normalize_range(range, data)

    if first > last do
      {[], data}
    else
      get_and_update_slice(data, range, next, [], [], 0)
    end
  end

  defp slice(_op, data, _range, _next) do
    :erlang.error(ArgumentError.exception("Access.slice/1 expected a list, got: #{inspect(data)}"))
  end

  defp normalize_range(%{first: first, last: last, step: step}, list) when first < 0 or last < 0 do
    count = length(list)
    first = if first >= 0, do: first, else: Kernel.max(first + count, 0)
    last = if last >= 0, do: last, else: last + count
    Range.new(first, last, step)
  end

  defp normalize_range(range, _list), do: range

  defp get_and_update_slice([head | rest], range, next, updates, gets, index) do
    if Enum.member?(range, index) do
      case next.(head) do
        :pop -> get_and_update_slice(rest, range, next, updates, [head | gets], index + 1)
        {get, update} -> get_and_update_slice(rest, range, next, [update | updates], [get | gets], index + 1)
      end
    else
      get_and_update_slice(rest, range, next, [head | updates], gets, index + 1)
    end
  end

  defp get_and_update_slice([], _range, _next, updates, gets, _index) do
    {:lists.reverse(gets), :lists.reverse(updates)}
  end
end
