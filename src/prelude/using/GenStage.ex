# Injected by `use GenStage, opts` (GenStage 1.3: only child_spec/1; the callbacks GenStage
# calls are optional and looked up when needed).
@behaviour GenStage
def child_spec(arg) do
  default = %{id: __MODULE__, start: {__MODULE__, :start_link, [arg]}}
  Supervisor.child_spec(default, @__using__)
end
