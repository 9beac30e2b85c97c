# Injected by `use Task, opts`.
def child_spec(arg) do
  default = %{id: __MODULE__, start: {__MODULE__, :start_link, [arg]}, restart: :temporary}
  Supervisor.child_spec(default, @__using__)
end
