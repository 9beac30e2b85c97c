# Injected by `use Supervisor, opts`.
@behaviour Supervisor

def child_spec(init_arg) do
  default = %{id: __MODULE__, start: {__MODULE__, :start_link, [init_arg]}, type: :supervisor}
  Supervisor.child_spec(default, @__using__)
end
