# StreamData (the stream_data package's API, a subset): generators of random data that
# can shrink. A generator is a function of a random seed and a size returning a lazy tree:
# the generated value at the root, simpler values (its shrinks) as children, computed on
# demand. check_all/3 runs a property over generated values and, when one fails, walks the
# tree towards the simplest value that still fails. Generators are also infinite
# enumerables of values (Enum.take(integer(), 3)).
#
# The values drawn are this implementation's own: they do not repeat the random sequence
# of the stream_data package for a given seed.
# A value with its shrinks: children are the trees of simpler values, computed lazily.
defmodule StreamData.LazyTree do
  @moduledoc false
  defstruct [:root, children: []]

  def constant(term), do: %__MODULE__{root: term}

  def map(%__MODULE__{root: root, children: children}, fun) do
    %__MODULE__{root: fun.(root), children: Stream.map(children, &map(&1, fun))}
  end

  # The tree without the nodes whose value fails `pred` (nil when the root fails it).
  def filter_map(%__MODULE__{root: root, children: children}, pred) do
    if pred.(root) do
      %__MODULE__{root: root, children: children |> Stream.map(&filter_map(&1, pred)) |> Stream.reject(fn t -> t == nil end)}
    end
  end

  def filter(tree, pred) do
    case filter_map(tree, pred) do
      nil -> %__MODULE__{root: tree.root, children: []}
      t -> t
    end
  end

  # A tree of trees made one tree: the outer shrinks first, then the inner root's.
  def flatten(%__MODULE__{root: %__MODULE__{root: inner_root, children: inner_children}, children: children}) do
    %__MODULE__{
      root: inner_root,
      children: Stream.concat(Stream.map(children, &flatten/1), inner_children)
    }
  end
end

defmodule StreamData do
  @moduledoc false

  alias StreamData.LazyTree

  defstruct [:generator]

  defmodule FilterTooNarrowError do
    defexception [:max_consecutive_failures, :last_generated_value]

    def message(%{max_consecutive_failures: max, last_generated_value: last}) do
      max_part = if max, do: " (#{max} elements in this case)", else: ""

      last_part =
        case last do
          {:value, value} -> " The last element to be filtered out was: #{inspect(value)}."
          _ -> ""
        end

      "too many consecutive elements#{max_part} were filtered out.\n" <>
        "#{last_part} To avoid this:\n\n" <>
        "  * make sure the generation space contains enough values that the chance of a generated\n" <>
        "    value being filtered out is small. For example, don't generate all integers and filter\n" <>
        "    out odd ones in order to have a generator of even integers (since you'd be taking out\n" <>
        "    half the generation space).\n\n" <>
        "  * keep an eye on how the generation size affects the generator being filtered. For\n" <>
        "    example, you might be filtering out only a handful of values from the generation space,\n" <>
        "    but small generation sizes might make the generation space much smaller hence\n" <>
        "    increasing the probability of values that you'd filter out being generated.\n\n" <>
        "  * try to restructure your generator so that instead of generating many values and taking\n" <>
        "    out the ones you don't want, you instead generate values and turn all of them into\n" <>
        "    values that are suitable. For example, multiply integers by two to have a generator of\n" <>
        "    even integers instead of filtering out all odd integers.\n"
    end
  end

  defmodule TooManyDuplicatesError do
    defexception [:max_tries, :remaining_to_generate, :generated]

    def message(%{max_tries: max_tries, remaining_to_generate: remaining, generated: generated}) do
      "too many (#{max_tries}) non-unique elements were generated consecutively. " <>
        "Make sure to avoid generating from a small space of data (such as only a " <>
        "handful of terms) and make sure a small generation size doesn't affect " <>
        "uniqueness too heavily. There were still #{remaining} elements left to " <>
        "generate, while the generated elements were:\n\n#{inspect(generated)}"
    end
  end

  ## Seeds: an integer state of a Park-Miller generator (small integers: cheap to draw and
  ## to split); split gives two independent ones.

  @modulus 2_147_483_647

  @doc false
  def __new_seed__(n) when is_integer(n), do: scramble(rem(abs(n), @modulus - 1) + 1)

  # A hash of a state (products stay below 2^53: plain integers)
  defp scramble(s) do
    x = Bitwise.band(Bitwise.bxor(s, Bitwise.bsr(s, 16)) * 1_664_525 + 1_013_904_223, 0x7FFFFFFF)
    x = Bitwise.band(Bitwise.bxor(x, Bitwise.bsr(x, 13)) * 69_069 + 1, 0x7FFFFFFF)
    rem(Bitwise.bxor(x, Bitwise.bsr(x, 16)), @modulus - 1) + 1
  end
  defp next(s), do: rem(s * 48271, @modulus)

  defp split(seed) do
    a = next(seed)
    {scramble(a), next(a)}
  end

  @doc false
  def __split__(seed), do: seed |> split() |> elem(1)

  defp split_n(seed, 0), do: {[], seed}

  defp split_n(seed, n) do
    {s, seed} = split(seed)
    {rest, seed} = split_n(seed, n - 1)
    {[s | rest], seed}
  end

  # A uniform integer in left..right (inclusive), and the next state.
  defp uniform_in(seed, left, right) when left == right, do: {left, seed}

  defp uniform_in(seed, left, right) do
    range = right - left + 1

    if range < @modulus do
      s = next(seed)
      {left + rem(s, range), s}
    else
      s1 = next(seed)
      s2 = next(s1)
      {left + rem(s1 * @modulus + s2, range), s2}
    end
  end

  # A float in [0, 1), and the next state.
  defp uniform_float(seed) do
    s = next(seed)
    {(s - 1) / (@modulus - 1), s}
  end

  defp new(fun), do: %StreamData{generator: fun}

  @doc false
  def __call__(%StreamData{generator: gen}, seed, size), do: gen.(seed, size)
  def __call__(other, seed, size), do: __call__(fixed(other), seed, size)

  # Tuples of generators and constants may stand for generators (as in fixed_map/tuple).
  defp fixed(%StreamData{} = data), do: data

  defp fixed(tuple) when is_tuple(tuple), do: tuple(tuple)

  defp fixed(other) do
    raise ArgumentError, "expected a generator, which can be a %StreamData{} struct, an atom, " <>
            "or a tuple with generators in it, but got:\n\n  #{inspect(other)}\n\n" <>
            "If you want to use a term as a \"constant\" generator, wrap it in a call to " <>
            "StreamData.constant/1 instead."
  end

  ## Combinators

  def constant(term), do: new(fn _seed, _size -> LazyTree.constant(term) end)

  def map(data, fun) when is_function(fun, 1) do
    new(fn seed, size -> data |> __call__(seed, size) |> LazyTree.map(fun) end)
  end

  def bind_filter(data, fun, max_consecutive_failures \\ 10)
      when is_function(fun, 2) and is_integer(max_consecutive_failures) do
    new(fn seed, size ->
      case bind_filter_tree(data, fun, seed, size, max_consecutive_failures) do
        {:ok, tree} ->
          tree

        :too_many_failures ->
          raise FilterTooNarrowError,
            max_consecutive_failures: max_consecutive_failures,
            last_generated_value: :none

        {:too_many_failures, last} ->
          raise FilterTooNarrowError,
            max_consecutive_failures: max_consecutive_failures,
            last_generated_value: {:value, last}
      end
    end)
  end

  defp bind_filter_tree(_data, _fun, _seed, _size, 0), do: :too_many_failures

  defp bind_filter_tree(data, fun, seed, size, tries_left) do
    {seed1, seed2} = split(seed)
    tree = __call__(data, seed1, size)

    mapped =
      LazyTree.map(tree, fn value -> fun.(value, tries_left) end)
      |> LazyTree.filter_map(fn
        {:cont, _} -> true
        _ -> false
      end)

    case mapped do
      nil ->
        bind_filter_tree(data, fun, seed2, size, tries_left - 1)

      %LazyTree{} = t ->
        {inner_seed, _} = split(seed2)

        {:ok,
         t
         |> LazyTree.map(fn {:cont, inner} -> __call__(inner, inner_seed, size) end)
         |> LazyTree.flatten()}
    end
  end

  def bind(data, fun) when is_function(fun, 1) do
    bind_filter(data, fn value, _tries -> {:cont, fun.(value)} end)
  end

  def filter(data, predicate, max_consecutive_failures \\ 25) when is_function(predicate, 1) do
    bind_filter(
      data,
      fn value, _tries ->
        if predicate.(value), do: {:cont, constant(value)}, else: :skip
      end,
      max_consecutive_failures
    )
  end

  def resize(data, new_size) when is_integer(new_size) and new_size >= 0 do
    new(fn seed, _size -> __call__(data, seed, new_size) end)
  end

  def sized(fun) when is_function(fun, 1) do
    new(fn seed, size -> fun.(size) |> __call__(seed, size) end)
  end

  def scale(data, fun) when is_function(fun, 1) do
    new(fn seed, size -> __call__(data, seed, fun.(size)) end)
  end

  def no_shrink(data), do: unshrinkable(data)

  def unshrinkable(data) do
    new(fn seed, size -> %LazyTree{root: __call__(data, seed, size).root, children: []} end)
  end

  def seeded(data, seed) when is_integer(seed) do
    new(fn _seed, size -> __call__(data, __new_seed__(seed), size) end)
  end

  def repeatedly(fun) when is_function(fun, 0), do: new(fn _seed, _size -> LazyTree.constant(fun.()) end)

  def member_of(enum) do
    list = Enum.to_list(enum)

    if list == [] do
      raise ArgumentError, "cannot generate elements from an empty enumerable"
    end

    map(integer(0..(length(list) - 1)), &Enum.at(list, &1))
  end

  def one_of([_ | _] = datas) do
    datas = List.to_tuple(Enum.map(datas, &fixed/1))
    bind(integer(0..(tuple_size(datas) - 1)), fn index -> elem(datas, index) end)
  end

  def frequency([_ | _] = frequencies) do
    total = Enum.reduce(frequencies, 0, fn {freq, _}, acc when is_integer(freq) and freq > 0 -> acc + freq end)

    bind(integer(0..(total - 1)), fn n -> pick_frequency(frequencies, n) end)
  end

  defp pick_frequency([{freq, data} | rest], n) do
    if n < freq, do: data, else: pick_frequency(rest, n - freq)
  end

  ## Integers and floats

  def integer do
    new(fn seed, size ->
      {n, _} = uniform_in(seed, -size, size)
      integer_tree(n, 0)
    end)
  end

  def integer(%Range{first: left, last: right, step: step}) when step in [1, -1] do
    {left, right} = if left > right, do: {right, left}, else: {left, right}
    target = cond do
      left > 0 -> left
      right < 0 -> right
      true -> 0
    end

    new(fn seed, _size ->
      {n, _} = uniform_in(seed, left, right)
      integer_tree(n, target)
    end)
  end

  def integer(%Range{first: left, last: right, step: step} = range) do
    if Enum.empty?(range) do
      raise ArgumentError, "cannot generate integers from an empty range: #{inspect(range)}"
    end

    count = div(right - left, step) + 1
    map(integer(0..(count - 1)), fn i -> left + i * step end)
  end

  # n shrinks towards target by halving the distance.
  defp integer_tree(n, target) do
    %LazyTree{root: n, children: Stream.map(integer_shrinks(n, target), &integer_tree(&1, target))}
  end

  defp integer_shrinks(n, target) when n == target, do: []

  defp integer_shrinks(n, target) do
    Stream.unfold(n - target, fn
      0 -> nil
      diff -> {n - diff, div(diff, 2)}
    end)
  end

  def positive_integer, do: map(integer(), &(abs(&1) + 1))
  def non_negative_integer, do: map(integer(), fn n -> abs(n) end)
  def byte, do: integer(0..255)

  def boolean do
    new(fn seed, _size ->
      {n, _} = uniform_in(seed, 0, 1)
      if n == 1, do: %LazyTree{root: true, children: [LazyTree.constant(false)]}, else: LazyTree.constant(false)
    end)
  end

  def float(options \\ []) do
    min = Keyword.get(options, :min)
    max = Keyword.get(options, :max)

    new(fn seed, size ->
      {u, seed} = uniform_float(seed)
      {sign, _} = uniform_in(seed, 0, 1)

      value =
        case {min, max} do
          {nil, nil} -> if(sign == 1, do: -1, else: 1) * u * (size + 1)
          {min, nil} -> min + u * (size + 1)
          {nil, max} -> max - u * (size + 1)
          {min, max} -> min + u * (max - min)
        end

      value = value * 1.0
      target = float_target(min, max)
      float_tree(value, target)
    end)
  end

  defp float_target(nil, nil), do: 0.0
  defp float_target(min, nil), do: if(min > 0, do: min * 1.0, else: 0.0)
  defp float_target(nil, max), do: if(max < 0, do: max * 1.0, else: 0.0)
  defp float_target(min, max), do: if(min > 0, do: min * 1.0, else: if(max < 0, do: max * 1.0, else: 0.0))

  defp float_tree(value, target) do
    children =
      Stream.map(Stream.uniq([target, Float.round(value * 1.0, 0) * 1.0, (value + target) / 2]), fn v ->
        if v == value, do: nil, else: v
      end)
      |> Stream.reject(fn t -> t == nil end)
      |> Stream.filter(&(abs(&1 - target) < abs(value - target)))
      |> Stream.map(&float_tree(&1, target))

    %LazyTree{root: value, children: children}
  end

  ## Collections

  def list_of(data, options \\ []) do
    {min, max} = length_bounds(options)
    data = fixed(data)

    new(fn seed, size ->
      {length, seed} = uniform_in(seed, min, upper_length(min, max, size))
      {seeds, _} = split_n(seed, length)
      trees = Enum.map(seeds, &__call__(data, &1, size))
      list_tree(trees, min)
    end)
  end

  # The longest list to draw: the size bounds it, within min_length..max_length.
  defp upper_length(min, nil, size), do: max(min, size)
  defp upper_length(min, max, size), do: max(min, min(max, size))

  defp length_bounds(options) do
    case Keyword.fetch(options, :length) do
      {:ok, n} when is_integer(n) -> {n, n}
      {:ok, %Range{first: a, last: b}} -> {a, b}
      :error -> {Keyword.get(options, :min_length, 0), Keyword.get(options, :max_length)}
    end
  end

  # A list shrinks by dropping elements (down to min_length), then by shrinking each one.
  defp list_tree(trees, min) do
    %LazyTree{root: Enum.map(trees, & &1.root), children: list_shrinks(trees, min)}
  end

  defp list_shrinks(trees, min) do
    len = length(trees)

    drops =
      if len > min do
        Stream.map(0..(len - 1), fn i -> list_tree(List.delete_at(trees, i), min) end)
      else
        []
      end

    shrinks =
      Stream.flat_map(Enum.with_index(trees), fn {tree, i} ->
        Stream.map(tree.children, fn child -> list_tree(List.replace_at(trees, i, child), min) end)
      end)

    Stream.concat(drops, shrinks)
  end

  def nonempty_list_of(data), do: list_of(data, min_length: 1)

  def nonempty(data), do: filter(data, &(&1 != [] and &1 != "" and &1 != %{}))

  def uniq_list_of(data, options \\ []) do
    uniq_fun = Keyword.get(options, :uniq_fun, & &1)
    max_tries = Keyword.get(options, :max_tries, 10)
    {min, max} = length_bounds(options)
    data = fixed(data)

    new(fn seed, size ->
      {length, seed} = uniform_in(seed, min, upper_length(min, max, size))
      trees = uniq_trees(data, seed, size, length, uniq_fun, max_tries, max_tries, MapSet.new(), [])
      list_tree(trees, min) |> LazyTree.filter(fn list -> length(Enum.uniq_by(list, uniq_fun)) == length(list) end)
    end)
  end

  defp uniq_trees(_data, _seed, _size, 0, _uniq, _max, _tries, _seen, acc), do: Enum.reverse(acc)

  defp uniq_trees(_data, _seed, _size, left, _uniq, max, 0, _seen, acc) do
    raise TooManyDuplicatesError, max_tries: max, remaining_to_generate: left, generated: Enum.reverse(Enum.map(acc, & &1.root))
  end

  defp uniq_trees(data, seed, size, left, uniq, max, tries, seen, acc) do
    {s, seed} = split(seed)
    tree = __call__(data, s, size)
    key = uniq.(tree.root)

    if MapSet.member?(seen, key) do
      uniq_trees(data, seed, size, left, uniq, max, tries - 1, seen, acc)
    else
      uniq_trees(data, seed, size, left - 1, uniq, max, max, MapSet.put(seen, key), [tree | acc])
    end
  end

  def tuple(tuple_datas) when is_tuple(tuple_datas) do
    datas = tuple_datas |> Tuple.to_list() |> Enum.map(&fixed/1)
    map(fixed_list(datas), &List.to_tuple/1)
  end

  @doc false
  def fixed_list(datas) when is_list(datas) do
    datas = Enum.map(datas, &fixed/1)

    new(fn seed, size ->
      {seeds, _} = split_n(seed, length(datas))
      trees = Enum.zip_with(datas, seeds, fn data, s -> __call__(data, s, size) end)
      fixed_list_tree(trees)
    end)
  end

  defp fixed_list_tree(trees) do
    children =
      Stream.flat_map(Enum.with_index(trees), fn {tree, i} ->
        Stream.map(tree.children, fn child -> fixed_list_tree(List.replace_at(trees, i, child)) end)
      end)

    %LazyTree{root: Enum.map(trees, & &1.root), children: children}
  end

  def map_of(key_data, value_data, options \\ []) do
    options = Keyword.put_new(options, :uniq_fun, fn {k, _} -> k end)
    map(uniq_list_of(tuple({key_data, value_data}), options), &Map.new/1)
  end

  def fixed_map(data) when is_list(data) or is_map(data) do
    {keys, datas} = data |> Enum.to_list() |> Enum.unzip()
    map(fixed_list(datas), fn values -> Enum.zip(keys, values) |> Map.new() end)
  end

  def optional_map(data) when is_list(data) or is_map(data) do
    pairs = Enum.to_list(data)

    bind(list_of(boolean(), length: length(pairs)), fn keep ->
      pairs
      |> Enum.zip(keep)
      |> Enum.filter(fn {_, k} -> k end)
      |> Enum.map(fn {pair, _} -> pair end)
      |> fixed_map()
    end)
  end

  def keyword_of(value_data) do
    list_of(tuple({atom(:alphanumeric), value_data}))
  end

  def mapset_of(data), do: map(uniq_list_of(data), &MapSet.new/1)

  def maybe_improper_list_of(element, _tail), do: list_of(element)

  ## Binaries, strings, atoms

  def binary(options \\ []) do
    map(list_of(byte(), options), &:erlang.list_to_binary/1)
  end

  def bitstring(options \\ []) do
    bind(binary(options), fn bin ->
      map(integer(0..7), fn bits -> if bin == "", do: bin, else: <<bin::binary, 0::size(bits)>> end)
    end)
  end

  def string(kind_or_codepoints, options \\ [])

  def string(:ascii, options), do: string(?\s..?~, options)
  def string(:alphanumeric, options), do: string(Enum.concat([?a..?z, ?A..?Z, ?0..?9]), options)

  def string(:printable, options) do
    string(Enum.concat([?\s..?~, [?\n, ?\r, ?\t, ?\v, ?\b, ?\f, ?\e, ?\d, ?\a], 0xA0..0x2FF]), options)
  end

  def string(:utf8, options), do: string(Enum.concat([0..0xD7FF, 0xE000..0xFFFD]), options)

  def string(%Range{} = range, options) do
    map(list_of(integer(range), options), &List.to_string/1)
  end

  def string(codepoints, options) when is_list(codepoints) do
    map(list_of(member_of(codepoints), options), &List.to_string/1)
  end

  def atom(:alphanumeric) do
    first = Enum.concat([?a..?z])
    rest = Enum.concat([?a..?z, ?A..?Z, ?0..?9, [?_, ?@]])

    bind(member_of(first), fn c ->
      map(list_of(member_of(rest), max_length: 254), fn cs -> List.to_atom([c | cs]) end)
    end)
  end

  def atom(:alias) do
    map(nonempty_list_of(string(?a..?z, min_length: 1)), fn parts ->
      parts |> Enum.map(&String.capitalize/1) |> Module.concat()
    end)
  end

  def iodata, do: map(list_of(one_of([byte(), binary()])), & &1)
  def iolist, do: iodata()
  def codepoint(kind \\ :utf8), do: map(string(kind, length: 1), &String.to_charlist/1) |> map(fn [c] -> c end)

  def term do
    simple = one_of([boolean(), integer(), float(), binary(), atom(:alphanumeric)])
    one_of([simple, list_of(simple), tuple({simple, simple}), map_of(simple, simple)])
  end

  ## Running properties

  # Runs `fun` (returning {:ok, _} or {:error, _}) on values of `data` until max_runs pass
  # or one fails; then shrinks the failing value.
  def check_all(data, options, fun) when is_list(options) and is_function(fun, 1) do
    seed =
      case Keyword.get(options, :initial_seed, 0) do
        {a, b, c} -> __new_seed__(a * 65_599 + b * 257 + c)
        n when is_integer(n) -> __new_seed__(n)
      end

    initial_size = Keyword.get(options, :initial_size, 1)
    max_runs = Keyword.get(options, :max_runs, 100)
    max_shrinking_steps = Keyword.get(options, :max_shrinking_steps, 100)
    check_runs(data, fun, seed, initial_size, 0, max_runs, max_shrinking_steps)
  end

  defp check_runs(_data, _fun, _seed, _size, runs, max_runs, _steps) when runs >= max_runs do
    {:ok, %{successful_runs: runs}}
  end

  defp check_runs(data, fun, seed, size, runs, max_runs, max_steps) do
    {s, seed} = split(seed)
    tree = __call__(data, s, size)

    case fun.(tree.root) do
      {:ok, _} ->
        check_runs(data, fun, seed, min(size + 1, 100), runs + 1, max_runs, max_steps)

      {:error, reason} ->
        {shrunk, nodes} = shrink(tree.children, fun, reason, 0, max_steps)

        {:error,
         %{
           original_failure: reason,
           shrunk_failure: shrunk,
           nodes_visited: nodes,
           successful_runs: runs
         }}
    end
  end

  # Depth first: the first child that still fails is shrunk further (children are drawn
  # into a list first, so that the property runs straight from here).
  defp shrink(children, fun, failure, visited, max_steps) when visited < max_steps do
    case first_failing(Enum.to_list(children), fun, visited, max_steps) do
      {{child, reason}, n} -> shrink(child.children, fun, reason, n, max_steps)
      {:none, n} -> {failure, n}
    end
  end

  defp shrink(_children, _fun, failure, visited, _max), do: {failure, visited}

  defp first_failing([], _fun, n, _max), do: {:none, n}
  defp first_failing(_children, _fun, n, max) when n >= max, do: {:none, n}

  defp first_failing([child | rest], fun, n, max) do
    case fun.(child.root) do
      {:error, reason} -> {{child, reason}, n + 1}
      {:ok, _} -> first_failing(rest, fun, n + 1, max)
    end
  end

  defimpl Enumerable do
    def reduce(data, acc, fun) do
      seed = StreamData.__new_seed__(:erlang.unique_integer([:positive]) + :erlang.monotonic_time())
      reduce(data, acc, fun, seed, 1)
    end

    # (a new state for each value: the generator's seed is data, not the process's :rand)

    defp reduce(_data, {:halt, acc}, _fun, _seed, _size), do: {:halted, acc}
    defp reduce(data, {:suspend, acc}, fun, seed, size), do: {:suspended, acc, &reduce(data, &1, fun, seed, size)}

    defp reduce(data, {:cont, acc}, fun, seed, size) do
      tree = StreamData.__call__(data, seed, size)
      reduce(data, fun.(tree.root, acc), fun, StreamData.__split__(seed), min(size + 1, 100))
    end

    def count(_data), do: {:error, __MODULE__}
    def member?(_data, _term), do: {:error, __MODULE__}
    def slice(_data), do: {:error, __MODULE__}
  end

end
