# Dict (deprecated since Elixir 1.3, still shipped by 1.14): the generic dictionary API.
# Each function hands its work to the module of the dict it is given: a struct's own module
# (HashDict), Map for a map, Keyword for a list; anything else is an ArgumentError.
# `use Dict` gives a module the functions every dict shares, written on its fetch/2, put/3,
# delete/2, size/1, reduce/3 and new/0 (overridable; HashDict uses it).
defmodule Dict do
  @moduledoc false

  @type key :: any
  @type value :: any
  @type t :: list | map

  message = "Use the Map module for working with maps or the Keyword module for working with keyword lists"

  defmacro __using__(_) do
    if __CALLER__.module != HashDict do
      IO.warn("use Dict is deprecated. " <> unquote(message), __CALLER__)
    end

    quote do
      message = "Use maps and the Map module instead"

      @deprecated message
      def get(dict, key, default \\ nil) do
        case fetch(dict, key) do
          {:ok, value} -> value
          :error -> default
        end
      end

      @deprecated message
      def get_lazy(dict, key, fun) when is_function(fun, 0) do
        case fetch(dict, key) do
          {:ok, value} -> value
          :error -> fun.()
        end
      end

      @deprecated message
      def get_and_update(dict, key, fun) do
        {got, value} = fun.(get(dict, key))
        {got, put(dict, key, value)}
      end

      @deprecated message
      def fetch!(dict, key) do
        case fetch(dict, key) do
          {:ok, value} -> value
          :error -> raise KeyError, key: key, term: dict
        end
      end

      @deprecated message
      def has_key?(dict, key), do: match?({:ok, _}, fetch(dict, key))

      @deprecated message
      def put_new(dict, key, value), do: if(has_key?(dict, key), do: dict, else: put(dict, key, value))

      @deprecated message
      def put_new_lazy(dict, key, fun) when is_function(fun, 0) do
        if has_key?(dict, key), do: dict, else: put(dict, key, fun.())
      end

      @deprecated message
      def drop(dict, keys), do: Enum.reduce(keys, dict, &delete(&2, &1))

      @deprecated message
      def take(dict, keys) do
        Enum.reduce(keys, new(), fn key, acc ->
          case fetch(dict, key) do
            {:ok, value} -> put(acc, key, value)
            :error -> acc
          end
        end)
      end

      @deprecated message
      def to_list(dict), do: dict |> reduce({:cont, []}, &{:cont, [&1 | &2]}) |> elem(1) |> :lists.reverse()

      @deprecated message
      def keys(dict), do: dict |> reduce({:cont, []}, fn {k, _}, acc -> {:cont, [k | acc]} end) |> elem(1) |> :lists.reverse()

      @deprecated message
      def values(dict), do: dict |> reduce({:cont, []}, fn {_, v}, acc -> {:cont, [v | acc]} end) |> elem(1) |> :lists.reverse()

      @deprecated message
      def equal?(dict1, dict2) do
        import Kernel, except: [size: 1]

        if size(dict1) == size(dict2) do
          dict1
          |> reduce({:cont, true}, fn {k, v}, _ ->
            case fetch(dict2, k) do
              {:ok, ^v} -> {:cont, true}
              _ -> {:halt, false}
            end
          end)
          |> elem(1)
        else
          false
        end
      end

      @deprecated message
      def merge(dict1, dict2, fun \\ fn _k, _v1, v2 -> v2 end) do
        import Kernel, except: [size: 1]

        # (the smaller dict is put into the bigger one)
        if size(dict1) < size(dict2) do
          reduce(dict1, {:cont, dict2}, fn {k, v1}, acc -> {:cont, update(acc, k, v1, &fun.(k, v1, &1))} end)
        else
          reduce(dict2, {:cont, dict1}, fn {k, v2}, acc -> {:cont, update(acc, k, v2, &fun.(k, &1, v2))} end)
        end
        |> elem(1)
      end

      @deprecated message
      def update(dict, key, default, fun) do
        case fetch(dict, key) do
          {:ok, value} -> put(dict, key, fun.(value))
          :error -> put(dict, key, default)
        end
      end

      @deprecated message
      def update!(dict, key, fun) do
        case fetch(dict, key) do
          {:ok, value} -> put(dict, key, fun.(value))
          :error -> raise KeyError, key: key, term: dict
        end
      end

      @deprecated message
      def pop(dict, key, default \\ nil) do
        case fetch(dict, key) do
          {:ok, value} -> {value, delete(dict, key)}
          :error -> {default, dict}
        end
      end

      @deprecated message
      def pop_lazy(dict, key, fun) when is_function(fun, 0) do
        case fetch(dict, key) do
          {:ok, value} -> {value, delete(dict, key)}
          :error -> {fun.(), dict}
        end
      end

      @deprecated message
      def split(dict, keys) do
        Enum.reduce(keys, {new(), dict}, fn key, {taken, rest} = acc ->
          case fetch(rest, key) do
            {:ok, value} -> {put(taken, key, value), delete(rest, key)}
            :error -> acc
          end
        end)
      end

      defoverridable merge: 2, merge: 3, equal?: 2, to_list: 1, keys: 1, values: 1, take: 2, drop: 2, get: 2, get: 3,
                     fetch!: 2, has_key?: 2, put_new: 3, pop: 2, pop: 3, split: 2, update: 4, update!: 3,
                     get_and_update: 3, get_lazy: 3, pop_lazy: 3, put_new_lazy: 3
    end
  end

  defmacrop target(dict) do
    quote do
      case unquote(dict) do
        %module{} -> module
        %{} -> Map
        list when is_list(list) -> Keyword
        other -> unsupported_dict(other)
      end
    end
  end

  @deprecated message
  def keys(dict), do: target(dict).keys(dict)

  @deprecated message
  def values(dict), do: target(dict).values(dict)

  @deprecated message
  def size(dict), do: target(dict).size(dict)

  @deprecated message
  def has_key?(dict, key), do: target(dict).has_key?(dict, key)

  @deprecated message
  def get(dict, key, default \\ nil), do: target(dict).get(dict, key, default)

  @deprecated message
  def get_lazy(dict, key, fun), do: target(dict).get_lazy(dict, key, fun)

  @deprecated message
  def get_and_update(dict, key, fun), do: target(dict).get_and_update(dict, key, fun)

  @deprecated message
  def fetch(dict, key), do: target(dict).fetch(dict, key)

  @deprecated message
  def fetch!(dict, key), do: target(dict).fetch!(dict, key)

  @deprecated message
  def put(dict, key, val), do: target(dict).put(dict, key, val)

  @deprecated message
  def put_new(dict, key, val), do: target(dict).put_new(dict, key, val)

  @deprecated message
  def put_new_lazy(dict, key, fun), do: target(dict).put_new_lazy(dict, key, fun)

  @deprecated message
  def delete(dict, key), do: target(dict).delete(dict, key)

  @deprecated message
  def merge(dict1, dict2), do: merge(dict1, dict2, fn _k, _v1, v2 -> v2 end, :two)

  @deprecated message
  def merge(dict1, dict2, fun), do: merge(dict1, dict2, fun, :three)

  defp merge(dict1, dict2, fun, arity) do
    target1 = target(dict1)

    cond do
      target1 != target(dict2) ->
        Enumerable.reduce(dict2, {:cont, dict1}, fn {k, v}, acc -> {:cont, target1.update(acc, k, v, &fun.(k, &1, v))} end)
        |> elem(1)

      arity == :two ->
        target1.merge(dict1, dict2)

      true ->
        target1.merge(dict1, dict2, fun)
    end
  end

  @deprecated message
  def pop(dict, key, default \\ nil), do: target(dict).pop(dict, key, default)

  @deprecated message
  def pop_lazy(dict, key, fun), do: target(dict).pop_lazy(dict, key, fun)

  @deprecated message
  def update!(dict, key, fun), do: target(dict).update!(dict, key, fun)

  @deprecated message
  def update(dict, key, default, fun), do: target(dict).update(dict, key, default, fun)

  @deprecated message
  def split(dict, keys), do: target(dict).split(dict, keys)

  @deprecated message
  def drop(dict, keys), do: target(dict).drop(dict, keys)

  @deprecated message
  def take(dict, keys), do: target(dict).take(dict, keys)

  @deprecated message
  def empty(dict), do: target(dict).empty(dict)

  @deprecated message
  def equal?(dict1, dict2) do
    target1 = target(dict1)
    target2 = target(dict2)

    cond do
      target1 == target2 ->
        target1.equal?(dict1, dict2)

      target1.size(dict1) == target2.size(dict2) ->
        Enumerable.reduce(dict2, {:cont, true}, fn {k, v}, _ ->
          case target1.fetch(dict1, k) do
            {:ok, ^v} -> {:cont, true}
            _ -> {:halt, false}
          end
        end)
        |> elem(1)

      true ->
        false
    end
  end

  @deprecated message
  def to_list(dict), do: target(dict).to_list(dict)

  defp unsupported_dict(dict), do: raise(ArgumentError, "unsupported dict: #{inspect(dict)}")
end
