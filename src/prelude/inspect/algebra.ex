# The parts of Inspect.Algebra that take a function or call a user's Inspect implementation
# (the document builders and the renderer are natives: stdlib/inspect-algebra.ts).
defmodule Inspect.Algebra do
  # The options of Elixir's implementations for pids, ports, references and functions, which
  # never read theirs: any term given as options inspects as the defaults do.
  @doc false
  def __given_opts__(%Inspect.Opts{} = opts), do: opts
  def __given_opts__(_other), do: %Inspect.Opts{}

  @doc false
  # to_doc/2 for a struct with its own Inspect implementation: a failing implementation
  # gives an Inspect.Error document, as Elixir 1.14 does.
  def __struct_doc__(struct, %Inspect.Opts{inspect_fun: fun} = opts) do
    try do
      fun.(struct, opts)
    rescue
      caught_exception ->
        if Process.get(:inspect_trap) do
          Inspect.Map.inspect(struct, opts)
        else
          try do
            Process.put(:inspect_trap, true)

            inspected_struct =
              struct
              |> Inspect.Map.inspect(%{opts | syntax_colors: [], inspect_fun: Inspect.Opts.default_inspect_fun()})
              |> Inspect.Algebra.format(opts.width)
              |> IO.iodata_to_binary()

            inspect_error =
              Inspect.Error.exception(
                exception: caught_exception,
                stacktrace: __STACKTRACE__,
                inspected_struct: inspected_struct
              )

            if opts.safe do
              Inspect.inspect(inspect_error, %{opts | inspect_fun: Inspect.Opts.default_inspect_fun()})
            else
              reraise(inspect_error, __STACKTRACE__)
            end
          after
            Process.delete(:inspect_trap)
          end
        end
    end
  end

  @doc false
  # to_doc/2 with a custom :inspect_fun.
  def __to_doc__(%{__struct__: _} = struct, %Inspect.Opts{} = opts) do
    if opts.structs, do: __struct_doc__(struct, opts), else: Inspect.Map.inspect(struct, opts)
  end

  def __to_doc__(arg, %Inspect.Opts{inspect_fun: fun} = opts), do: fun.(arg, opts)

  def container_doc(left, collection, right, inspect_opts, fun, opts \\ [])
      when is_list(collection) and is_function(fun, 2) and is_list(opts) do
    case collection do
      [] ->
        Inspect.Algebra.concat(left, right)

      _ ->
        break = Keyword.get(opts, :break, :maybe)
        separator = Keyword.get(opts, :separator, ",")

        {docs, simple?} =
          container_each(collection, inspect_opts.limit, inspect_opts, fun, [], break == :maybe)

        flex? = simple? or break == :flex
        docs = fold_doc(docs, &join(&1, &2, flex?, separator))

        if flex? do
          Inspect.Algebra.group(Inspect.Algebra.concat(Inspect.Algebra.concat(left, Inspect.Algebra.nest(docs, 1)), right))
        else
          Inspect.Algebra.group(Inspect.Algebra.glue(Inspect.Algebra.nest(Inspect.Algebra.glue(left, "", docs), 2), "", right))
        end
    end
  end

  defp container_each([], _limit, _opts, _fun, acc, simple?), do: {:lists.reverse(acc), simple?}
  defp container_each(_, 0, _opts, _fun, acc, simple?), do: {:lists.reverse(["..." | acc]), simple?}

  defp container_each([term | terms], limit, opts, fun, acc, simple?) when is_list(terms) do
    new_limit = decrement(limit)
    doc = fun.(term, %{opts | limit: new_limit})
    limit = if doc == :doc_nil, do: limit, else: new_limit
    container_each(terms, limit, opts, fun, [doc | acc], simple? and simple?(doc))
  end

  defp container_each([left | right], limit, opts, fun, acc, simple?) do
    limit = decrement(limit)
    left = fun.(left, %{opts | limit: limit})
    right = fun.(right, %{opts | limit: limit})
    simple? = simple? and simple?(left) and simple?(right)
    {:lists.reverse([join(left, right, simple?, " |") | acc]), simple?}
  end

  defp decrement(:infinity), do: :infinity
  defp decrement(counter), do: counter - 1

  defp join(:doc_nil, :doc_nil, _, _), do: :doc_nil
  defp join(left, :doc_nil, _, _), do: left
  defp join(:doc_nil, right, _, _), do: right
  defp join(left, right, true, sep), do: Inspect.Algebra.flex_glue(Inspect.Algebra.concat(left, sep), right)
  defp join(left, right, false, sep), do: Inspect.Algebra.glue(Inspect.Algebra.concat(left, sep), right)

  defp simple?({:doc_cons, left, right}), do: simple?(left) and simple?(right)
  defp simple?({:doc_color, doc, _}), do: simple?(doc)
  defp simple?({:doc_string, _, _}), do: true
  defp simple?(:doc_nil), do: true
  defp simple?(other), do: is_binary(other)

  @doc false
  def surround_many(left, docs, right, %Inspect.Opts{} = inspect, fun, separator \\ ",")
      when is_list(docs) and is_function(fun, 2) do
    container_doc(left, docs, right, inspect, fun, separator: separator)
  end

  def fold_doc([], _folder_fun), do: :doc_nil
  def fold_doc([doc], _folder_fun), do: doc

  def fold_doc([doc | docs], folder_fun) when is_function(folder_fun, 2),
    do: folder_fun.(doc, fold_doc(docs, folder_fun))
end
