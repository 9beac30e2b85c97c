# Injected by `use ConsumerSupervisor, opts` (GenStage 1.3's): child_spec/1 for a
# supervisor, Supervisor.Spec imported, and init/1 declared for the module to define.
@behaviour ConsumerSupervisor
import Supervisor.Spec

def child_spec(arg) do
  default = %{id: __MODULE__, start: {__MODULE__, :start_link, [arg]}, type: :supervisor}
  Supervisor.child_spec(default, @__using__)
end

def init(arg)
