IO.inspect {:code.get_mode(), :code.is_sticky(:lists), :code.is_sticky(:foo), :code.is_module_native(:lists), :code.is_module_native(:nope)}
IO.inspect {:code.compiler_dir(), :code.priv_dir(:crypto), :code.priv_dir(:nope), :code.priv_dir(:elixir)}
IO.inspect {:code.where_is_file('lists.beam'), :code.where_is_file('nope.beam'), :code.where_is_file('Elixir.Enum.beam')}
IO.inspect {:code.module_status(:lists), :code.module_status(:nope), :code.modified_modules()}
IO.inspect {:code.ensure_modules_loaded([:lists, :maps]), :code.ensure_modules_loaded([:lists, :nope1, :nope2])}
IO.inspect :code.all_available() |> Enum.find(fn {m, _, _} -> m == 'lists' end)
IO.inspect :code.all_available() |> Enum.find(fn {m, _, _} -> m == 'Elixir.Enum' end)
IO.inspect :code.module_status([:lists, :nope])
