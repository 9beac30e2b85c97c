# Injected by `use Agent, opts`.
def child_spec(arg) do
  default = %{id: __MODULE__, start: {__MODULE__, :start_link, [arg]}}
  Supervisor.child_spec(default, @__using__)
end
