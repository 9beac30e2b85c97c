# The :iex application under a script: not started until asked for, then started with its
# environment and its supervisor (IEx.Config answers IEx.configure/1).
IO.inspect(Application.started_applications() |> Enum.map(&elem(&1, 0)) |> Enum.member?(:iex))
IO.inspect(Enum.sort(Application.get_all_env(:iex)))
IO.inspect(Application.ensure_all_started(:iex))
IO.inspect(Enum.sort(Application.get_all_env(:iex)))
IO.inspect(Process.whereis(IEx.Supervisor) != nil)
IO.inspect(IEx.configure(colors: [enabled: false]))
IO.inspect(IEx.configuration()[:colors])
IO.inspect(Application.ensure_all_started(:iex))
IO.inspect(Application.started_applications() |> Enum.map(&elem(&1, 0)) |> Enum.member?(:iex))
