# :application.get_all_env/0, get_all_key/0 and start_type/0 outside any application.
IO.inspect {:application.get_all_env(), :application.get_all_key(), :application.start_type()}
