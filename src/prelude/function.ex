defmodule Function do
  def capture(module, function_name, arity) do
    :erlang.make_fun(module, function_name, arity)
  end

  def identity(value), do: value

  def info(fun) when is_function(fun) do
    keys =
      if external?(fun),
        do: [:module, :name, :arity, :env, :type],
        else: [:pid, :module, :index, :uniq, :name, :arity, :env, :type]

    for key <- keys, do: info(fun, key)
  end

  def info(fun, item) when is_function(fun) and is_atom(item), do: {item, info_item(fun, item)}

  defp info_item(fun, :arity), do: arity(fun, 0)
  defp info_item(fun, :type), do: if(external?(fun), do: :external, else: :local)
  defp info_item(fun, :env), do: []
  defp info_item(fun, :pid), do: if(external?(fun), do: :undefined, else: self())
  defp info_item(fun, :module), do: fun |> parts() |> elem(0)
  defp info_item(fun, :name), do: fun |> parts() |> elem(1)
  defp info_item(fun, :index), do: fun |> parts() |> elem(2)
  defp info_item(fun, :uniq), do: fun |> parts() |> elem(3)
  defp info_item(_fun, item), do: :erlang.error(:badarg, [item])

  defp arity(fun, n), do: if(is_function(fun, n), do: n, else: arity(fun, n + 1))

  defp external?(fun), do: String.starts_with?(inspect(fun), "&")

  # {module, name, index, uniq}, read from the inspected form of the fun.
  defp parts(fun) do
    text = inspect(fun)

    if String.starts_with?(text, "&") do
      {mfa, _arity} = split_last(String.slice(text, 1..-1//1), "/")
      {mod, name} = split_last(mfa, ".")
      {to_module(mod), to_name(name), 0, 0}
    else
      [index_uniq, where] = String.split(String.slice(text, 10..-2//1), " in ", parts: 2)
      [index, uniq_arity] = String.split(index_uniq, ".", parts: 2)
      [uniq, _] = String.split(uniq_arity, "/", parts: 2)
      {mfa, _} = split_last(where, "/")
      {mod, name} = split_last(mfa, ".")
      {to_module(mod), :"-#{name}-fun-#{index}-", String.to_integer(index), String.to_integer(uniq)}
    end
  end

  defp split_last(text, sep) do
    parts = String.split(text, sep)
    {Enum.join(Enum.drop(parts, -1), sep), List.last(parts)}
  end

  defp to_module(":" <> erlang), do: String.to_atom(erlang)
  defp to_module(elixir), do: String.to_atom("Elixir." <> elixir)

  defp to_name("\"" <> quoted), do: String.to_atom(String.slice(quoted, 0..-2//1))
  defp to_name(name), do: String.to_atom(name)
end
