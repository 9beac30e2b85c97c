# ExUnitProperties (the stream_data package's, a subset): `use ExUnitProperties` in an
# ExUnit.Case imports property/1,2,3, check all ... do, gen all ... do, pick/1 and the
# StreamData generators. A failing `check all` reports the generated values of the
# simplest failing case it shrank to.
defmodule ExUnitProperties do
  @moduledoc false

  defmodule Error do
    defexception [:message]
  end

  @defaults [initial_size: 1, max_runs: 100, max_run_time: :infinity, max_shrinking_steps: 100, inspect_opts: []]

  defmacro __using__(_opts) do
    quote do
      import ExUnitProperties
      import StreamData
    end
  end

  defmacro property(message) do
    ExUnit.plural_rule("property", "properties")
    %{module: mod, file: file, line: line} = __CALLER__

    quote bind_quoted: [mod: mod, file: file, line: line, message: message] do
      name = ExUnit.Case.register_test(mod, file, line, :property, message, [:not_implemented])
      def unquote(name)(_), do: flunk("Not implemented")
    end
  end

  defmacro property(message, context \\ quote(do: _), contents) do
    ExUnit.plural_rule("property", "properties")

    contents =
      case contents do
        [do: block] ->
          quote do
            unquote(block)
            :ok
          end

        _ ->
          quote do
            try(unquote(contents))
            :ok
          end
      end

    context = Macro.escape(context)
    contents = Macro.escape(contents, unquote: true)
    %{module: mod, file: file, line: line} = __CALLER__

    quote bind_quoted: [context: context, contents: contents, message: message, mod: mod, file: file, line: line] do
      name = ExUnit.Case.register_test(mod, file, line, :property, message, [:property])
      def unquote(name)(unquote(context)), do: unquote(contents)
    end
  end

  defmacro gen({:all, _meta, clauses_with_body}) do
    {clauses, [[do: body]]} = Enum.split(clauses_with_body, -1)
    compile(clauses, body)
  end

  defmacro gen({:all, _meta, clauses}, do: body), do: compile(clauses, body)

  defp compile(clauses, body) do
    first_generator!(clauses)

    quote do
      var!(generated_values, ExUnitProperties) = []
      {:cont, data} = unquote(compile_clauses(clauses, body))
      data
    end
  end

  defp first_generator!([{:<-, _, [_, _]} | _]), do: :ok

  defp first_generator!([clause | _]) do
    raise ArgumentError,
          "\"gen all\" and \"check all\" clauses must start with a generator (<-) clause, " <>
            "got: #{Macro.to_string(clause)}"
  end

  defp compile_clauses([], body) do
    quote do
      var!(generated_values, ExUnitProperties) = Enum.reverse(var!(generated_values, ExUnitProperties))
      {:cont, StreamData.constant(unquote(body))}
    end
  end

  defp compile_clauses([{:<-, _meta, [pattern, generator]} = clause | rest], body) do
    text = Macro.to_string(clause)

    quote generated: true do
      data =
        StreamData.bind_filter(unquote(generator), fn
          unquote(pattern) = generated_value, _tries_left ->
            var!(generated_values, ExUnitProperties) = [
              {unquote(text), generated_value} | var!(generated_values, ExUnitProperties)
            ]

            unquote(compile_clauses(rest, body))

          other, 1 ->
            raise StreamData.FilterTooNarrowError, last_generated_value: {:value, other}

          _other, _tries_left ->
            :skip
        end)

      {:cont, data}
    end
  end

  # A binding (x = expr) or a filter (any other expression).
  defp compile_clauses([{:=, _, [_, _]} = clause | rest], body) do
    quote generated: true do
      unquote(clause)
      unquote(compile_clauses(rest, body))
    end
  end

  defp compile_clauses([clause | rest], body) do
    quote generated: true do
      if unquote(clause) do
        unquote(compile_clauses(rest, body))
      else
        :skip
      end
    end
  end

  defmacro check({:all, _meta, clauses_with_body}) when is_list(clauses_with_body) do
    {clauses_and_options, [[do: body]]} = Enum.split(clauses_with_body, -1)
    compile_check_all(clauses_and_options, body)
  end

  defmacro check({:all, _meta, clauses_and_options}, do: body) when is_list(clauses_and_options) do
    compile_check_all(clauses_and_options, body)
  end

  defp compile_check_all(clauses_and_options, body) do
    {clauses, options} =
      case Enum.split_while(clauses_and_options, &(not Keyword.keyword?(&1))) do
        {clauses, []} -> {clauses, []}
        {clauses, [options]} -> {clauses, options}
      end

    quote do
      options = ExUnitProperties.__options__(unquote(options))

      property =
        ExUnitProperties.gen all unquote_splicing(clauses) do
          fn ->
            try do
              unquote(body)
            rescue
              exception ->
                {:error,
                 %{
                   exception: exception,
                   stacktrace: __STACKTRACE__,
                   generated_values: var!(generated_values, ExUnitProperties)
                 }}
            else
              _ -> {:ok, nil}
            end
          end
        end

      property =
        if max_size = options[:max_generation_size] do
          StreamData.scale(property, &min(max_size, &1))
        else
          property
        end

      case StreamData.check_all(property, options, & &1.()) do
        {:ok, _} -> :ok
        {:error, result} -> ExUnitProperties.__raise__(result)
      end
    end
  end

  @doc false
  def __options__(options) do
    seed =
      case Keyword.get(options, :initial_seed, ExUnit.configuration()[:seed]) do
        seed when is_integer(seed) -> {0, 0, seed}
        other -> raise ArgumentError, "expected :initial_seed to be an integer, got: #{inspect(other)}"
      end

    [
      initial_seed: seed,
      initial_size: options[:initial_size] || env(:initial_size),
      max_runs: options[:max_runs] || env(:max_runs),
      max_run_time: options[:max_run_time] || env(:max_run_time),
      max_shrinking_steps: options[:max_shrinking_steps] || env(:max_shrinking_steps),
      max_generation_size: options[:max_generation_size]
    ]
  end

  defp env(key) do
    case Application.fetch_env(:stream_data, key) do
      {:ok, value} -> value
      :error -> @defaults[key]
    end
  end

  @doc false
  def __raise__(%{original_failure: original, shrunk_failure: shrunk, successful_runs: runs}) do
    cond do
      match?(%{exception: %ExUnit.AssertionError{}}, shrunk) ->
        reraise enrich(shrunk, runs), shrunk.stacktrace

      match?(%{exception: %ExUnit.AssertionError{}}, original) ->
        reraise enrich(original, runs), original.stacktrace

      true ->
        %{exception: exception, stacktrace: stacktrace, generated_values: values} = shrunk
        {exception, stacktrace} = Exception.blame(:error, exception, stacktrace)
        banner = Exception.format_banner(:error, exception, stacktrace)

        message =
          "failed with generated values (after #{successful_runs(runs)}):\n\n" <>
            indent(format_values(values), "    ") <>
            "\n\ngot exception:\n\n" <> indent(banner, "    ")

        reraise Error, [message: message], shrunk.stacktrace
    end
  end

  defp enrich(%{exception: exception, generated_values: values}, runs) do
    message =
      "Failed with generated values (after #{successful_runs(runs)}):\n\n" <>
        indent(format_values(values), "    ") <>
        if(is_binary(exception.message), do: "\n\n" <> exception.message, else: "")

    %{exception | message: message}
  end

  defp format_values(values) do
    Enum.map_join(values, "\n\n", fn {clause, value} ->
      "* Clause:    #{clause}\n  Generated: #{inspect(value, env(:inspect_opts))}"
    end)
  end

  defp indent(string, indentation), do: indentation <> String.replace(string, "\n", "\n" <> indentation)

  defp successful_runs(1), do: "1 successful run"
  defp successful_runs(n), do: "#{n} successful runs"

  def pick(data) do
    seed = StreamData.__new_seed__(:rand.uniform(0x3FFFFFFF))
    StreamData.__call__(data, seed, :rand.uniform(100)).root
  end
end
