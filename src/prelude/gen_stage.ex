# GenStage (the hex package, 1.3), built in: stages exchanging events under demand.
#
# A stage is a GenServer whose callback module is GenStage itself; the user's module is kept
# in the %GenStage{} state (its shape is what :sys.get_state/1 shows on the BEAM). Stages speak
# GenStage's documented message protocol:
#
#   consumer -> producer  {:"$gen_producer", {consumer, tag}, {:subscribe, current, opts}}
#                         {:"$gen_producer", {consumer, tag}, {:ask, n}}
#                         {:"$gen_producer", {consumer, tag}, {:cancel, reason}}
#   producer -> consumer  {:"$gen_consumer", {producer, tag}, [event, ...]}
#                         {:"$gen_consumer", {producer, tag}, {:cancel, reason}}
#
# A consumer never receives more events than it asked for: the producer hands events to its
# dispatcher, which sends each consumer at most its pending demand and returns the rest to be
# buffered. A consumer splits what arrives into batches of at most max_demand - min_demand,
# and asks again whenever its pending demand falls to min_demand.
#
# Callbacks are invoked from a few named functions (run_*): when one raises, the crash report
# shows the frames GenStage 1.3.2 has at that point (see frames/1 and :beamsh_otp_stack).
defmodule GenStage do
  @moduledoc false

  # `use GenStage, opts` (GenStage 1.3): the behaviour and a child_spec/1 from the options.
  defmacro __using__(opts) do
    quote location: :keep, bind_quoted: [opts: opts] do
      @behaviour GenStage

      @doc false
      def child_spec(arg) do
        default = %{id: __MODULE__, start: {__MODULE__, :start_link, [arg]}}
        Supervisor.child_spec(default, unquote(Macro.escape(opts)))
      end

      defoverridable child_spec: 1
    end
  end


  alias GenStage.Buffer

  defstruct [
    :mod,
    :state,
    :type,
    :dispatcher_mod,
    :dispatcher_state,
    :buffer,
    :buffer_keep,
    events: :forward,
    monitors: %{},
    producers: %{},
    consumers: %{}
  ]

  # ---- client API ----------------------------------------------------------------------

  def start_link(module, args, options \\ []) when is_atom(module) and is_list(options) do
    GenServer.start_link(GenStage, {module, args}, options)
  end

  def start(module, args, options \\ []) when is_atom(module) and is_list(options) do
    GenServer.start(GenStage, {module, args}, options)
  end

  def sync_info(stage, msg, timeout \\ 5000), do: call(stage, {:"$info", msg}, timeout)
  def async_info(stage, msg), do: cast(stage, {:"$info", msg})

  def demand(stage), do: call(stage, :"$demand")
  def demand(stage, mode) when mode in [:forward, :accumulate], do: cast(stage, {:"$demand", mode})

  def sync_subscribe(stage, opts, timeout \\ 5000), do: subscribe_request(:sync, stage, nil, opts, timeout)

  def sync_resubscribe(stage, tag, reason, opts, timeout \\ 5000),
    do: subscribe_request(:sync, stage, {tag, reason}, opts, timeout)

  def async_subscribe(stage, opts), do: subscribe_request(:async, stage, nil, opts, nil)

  def async_resubscribe(stage, tag, reason, opts),
    do: subscribe_request(:async, stage, {tag, reason}, opts, nil)

  defp subscribe_request(kind, stage, current, opts, timeout) do
    {to, opts} =
      case Keyword.pop(opts, :to, :"$no_to") do
        {:"$no_to", _} -> raise ArgumentError, "expected :to argument in #{kind}_(re)subscribe"
        found -> found
      end

    case kind do
      :sync -> call(stage, {:"$subscribe", current, to, opts}, timeout)
      :async -> cast(stage, {:"$subscribe", current, to, opts})
    end
  end

  def ask(subscription, demand, opts \\ [])
  def ask({_pid, _tag}, 0, _opts), do: :ok

  def ask({pid, tag}, demand, opts) when is_integer(demand) and demand > 0 do
    Process.send(pid, {:"$gen_producer", {self(), tag}, {:ask, demand}}, opts)
  end

  def cancel({pid, tag}, reason, opts \\ []) do
    Process.send(pid, {:"$gen_producer", {self(), tag}, {:cancel, reason}}, opts)
  end

  def call(stage, request, timeout \\ 5000), do: GenServer.call(stage, request, timeout)
  def cast(stage, request), do: GenServer.cast(stage, request)

  def reply({to, tag}, reply) when is_pid(to) do
    :beamsh_otp.__reply__(to, tag, reply)
    :ok
  end

  def stop(stage, reason \\ :normal, timeout \\ :infinity), do: :gen.stop(stage, reason, timeout)

  def estimate_buffered_count(stage, timeout \\ 5000), do: call(stage, :"$estimate_buffered_count", timeout)

  def from_enumerable(stream, opts \\ []) do
    {stack, opts} =
      case Keyword.pop(opts, :stacktrace, :"$caller") do
        {:"$caller", opts} -> {caller_stacktrace(), opts}
        found -> found
      end

    case Keyword.pop(opts, :link, true) do
      {true, opts} -> start_link(GenStage.Streamer, {stream, stack, opts}, opts)
      {false, opts} -> start(GenStage.Streamer, {stream, stack, opts}, opts)
    end
  end

  @doc false
  def caller_stacktrace() do
    case Process.info(self(), :current_stacktrace) do
      {:current_stacktrace, [_ | stack]} -> stack
      _ -> []
    end
  end

  def stream(subscriptions, options \\ [])
  def stream(subscriptions, options) when is_list(subscriptions), do: GenStage.Stream.build(subscriptions, options)

  def stream(subscriptions, _options) do
    raise ArgumentError, "GenStage.stream/1 expects a list of subscriptions, got: #{inspect(subscriptions)}"
  end

  # ---- option checks (shared with ConsumerSupervisor and GenStage.Stream) ----------------

  @doc false
  def __opt__(opts, key, default, check) do
    {value, rest} = Keyword.pop(opts, key, default)

    case check_opt(key, value, check) do
      :ok -> {:ok, value, rest}
      {:error, _} = error -> error
    end
  end

  defp check_opt(key, value, {:integer, min, max, infinity?}) do
    cond do
      value == :infinity and infinity? -> :ok
      not is_integer(value) -> {:error, "expected #{inspect(key)} to be an integer, got: #{inspect(value)}"}
      value < min -> {:error, "expected #{inspect(key)} to be equal to or greater than #{min}, got: #{inspect(value)}"}
      value > max -> {:error, "expected #{inspect(key)} to be equal to or less than #{max}, got: #{inspect(value)}"}
      true -> :ok
    end
  end

  defp check_opt(key, value, {:in, allowed}) do
    if value in allowed,
      do: :ok,
      else: {:error, "expected #{inspect(key)} to be one of #{inspect(allowed)}, got: #{inspect(value)}"}
  end

  defp check_opt(key, value, :list) do
    if is_list(value), do: :ok, else: {:error, "expected #{inspect(key)} to be a list, got: #{inspect(value)}"}
  end

  defp no_opts_left([]), do: :ok
  defp no_opts_left(opts), do: {:error, "unknown options #{inspect(opts)}"}

  # {:ok, max, min, cancel} for one subscription's options (the options stay for the producer).
  @doc false
  def __subscription_opts__(opts) do
    with {:ok, max, _} <- __opt__(opts, :max_demand, 1000, {:integer, 1, :infinity, false}),
         {:ok, min, _} <- __opt__(opts, :min_demand, div(max, 2), {:integer, 0, max - 1, false}),
         {:ok, cancel, _} <- __opt__(opts, :cancel, :permanent, {:in, [:temporary, :transient, :permanent]}) do
      {:ok, max, min, cancel}
    end
  end

  @doc false
  def __transient__(reason) do
    case reason do
      :normal -> true
      :shutdown -> true
      {:shutdown, _} -> true
      _ -> false
    end
  end

  # The registered name of the current process, or its pid (how GenStage names itself in logs).
  @doc false
  def __self_name__() do
    case Process.info(self(), :registered_name) do
      {:registered_name, name} when is_atom(name) -> name
      _ -> self()
    end
  end

  defp log(level, format, args), do: :error_logger.__log__(level, format, args)

  # ---- server: init --------------------------------------------------------------------

  @doc false
  def init({mod, args}) do
    case mod.init(args) do
      {:producer, state} -> init_producer(mod, [], state)
      {:producer, state, opts} when is_list(opts) -> init_producer(mod, opts, state)
      {:producer_consumer, state} -> init_producer_consumer(mod, [], state)
      {:producer_consumer, state, opts} when is_list(opts) -> init_producer_consumer(mod, opts, state)
      {:consumer, state} -> init_consumer(mod, [], state)
      {:consumer, state, opts} when is_list(opts) -> init_consumer(mod, opts, state)
      {:stop, _} = stop -> stop
      :ignore -> :ignore
      other -> {:stop, {:bad_return_value, other}}
    end
  end

  defp init_producer(mod, opts, state) do
    with {:ok, dmod, dstate, opts} <- init_dispatcher(opts),
         {:ok, size, opts} <- __opt__(opts, :buffer_size, 10000, {:integer, 0, :infinity, true}),
         {:ok, keep, opts} <- __opt__(opts, :buffer_keep, :last, {:in, [:first, :last]}),
         {:ok, demand, opts} <- __opt__(opts, :demand, :forward, {:in, [:accumulate, :forward]}),
         :ok <- no_opts_left(opts) do
      {:ok,
       %GenStage{
         mod: mod,
         state: state,
         type: :producer,
         buffer: Buffer.new(size),
         buffer_keep: keep,
         events: if(demand == :accumulate, do: [], else: :forward),
         dispatcher_mod: dmod,
         dispatcher_state: dstate
       }}
    else
      {:error, message} -> {:stop, {:bad_opts, message}}
    end
  end

  defp init_producer_consumer(mod, opts, state) do
    with {:ok, dmod, dstate, opts} <- init_dispatcher(opts),
         {:ok, subscribe_to, opts} <- __opt__(opts, :subscribe_to, [], :list),
         {:ok, size, opts} <- __opt__(opts, :buffer_size, :infinity, {:integer, 0, :infinity, true}),
         {:ok, keep, opts} <- __opt__(opts, :buffer_keep, :last, {:in, [:first, :last]}),
         :ok <- no_opts_left(opts) do
      stage = %GenStage{
        mod: mod,
        state: state,
        type: :producer_consumer,
        buffer: Buffer.new(size),
        buffer_keep: keep,
        events: {:queue.new(), 0},
        dispatcher_mod: dmod,
        dispatcher_state: dstate
      }

      subscribe_all(subscribe_to, stage)
    else
      {:error, message} -> {:stop, {:bad_opts, message}}
    end
  end

  defp init_consumer(mod, opts, state) do
    with {:ok, subscribe_to, opts} <- __opt__(opts, :subscribe_to, [], :list),
         :ok <- no_opts_left(opts) do
      subscribe_all(subscribe_to, %GenStage{mod: mod, state: state, type: :consumer})
    else
      {:error, message} -> {:stop, {:bad_opts, message}}
    end
  end

  defp init_dispatcher(opts) do
    case Keyword.pop(opts, :dispatcher, GenStage.DemandDispatcher) do
      {dmod, opts} when is_atom(dmod) ->
        {:ok, dstate} = dmod.init([])
        {:ok, dmod, dstate, opts}

      {{dmod, dopts}, opts} when is_atom(dmod) and is_list(dopts) ->
        {:ok, dstate} = dmod.init(dopts)
        {:ok, dmod, dstate, opts}

      {other, _} ->
        {:error, "expected :dispatcher to be an atom or a {atom, list}, got: #{inspect(other)}"}
    end
  end

  # The :subscribe_to list given by init/1: each entry is `to` or `{to, opts}`.
  defp subscribe_all(entries, stage) do
    Enum.reduce(entries, {:ok, stage}, fn
      entry, {:ok, stage} ->
        {to, opts} =
          case entry do
            {to, opts} when is_list(opts) -> {to, opts}
            to -> {to, []}
          end

        warn_deprecated_subscribe_to(to)

        case subscribe_to_producer(nil, to, opts, stage) do
          {:reply, _, stage} -> {:ok, stage}
          {:stop, reason, _, _} -> {:stop, reason}
          {:stop, reason, _} -> {:stop, reason}
        end

      _, stop ->
        stop
    end)
  end

  defp warn_deprecated_subscribe_to(to) do
    kind =
      case to do
        {:global, _} -> '{:global, term()}'
        {:via, _, _} -> '{:via, module(), term()}'
        _ -> nil
      end

    if kind do
      log(:warning, ':subscribe_to value with type ~ts is deprecated. Change ~tp to {~tp, []} instead.', [kind, to, to])
    end
  end

  # ---- server: calls, casts, messages --------------------------------------------------

  @doc false
  def handle_call({:"$info", msg}, _from, stage), do: queue_info(msg, stage)
  def handle_call(:"$demand", _from, stage), do: demand_mode(stage)
  def handle_call({:"$subscribe", current, to, opts}, _from, stage), do: subscribe_to_producer(current, to, opts, stage)
  def handle_call(:"$estimate_buffered_count", _from, stage), do: buffered_count(stage)
  def handle_call(msg, from, stage), do: run_handle_call(msg, from, stage)

  defp run_handle_call(msg, from, %{mod: mod, state: state} = stage) do
    case mod.handle_call(msg, from, state) do
      {:reply, reply, events, state} when is_list(events) ->
        {:reply, reply, dispatch_events(events, length(events), %{stage | state: state})}

      {:reply, reply, events, state, :hibernate} when is_list(events) ->
        {:reply, reply, dispatch_events(events, length(events), %{stage | state: state}), :hibernate}

      {:stop, reason, reply, state} ->
        {:stop, reason, reply, %{stage | state: state}}

      other ->
        noreply_result(other, stage)
    end
  end

  @doc false
  def handle_cast({:"$info", msg}, stage) do
    {:reply, _, stage} = queue_info(msg, stage)
    {:noreply, stage}
  end

  def handle_cast({:"$demand", mode}, stage), do: set_demand_mode(mode, stage)

  def handle_cast({:"$subscribe", current, to, opts}, stage) do
    case subscribe_to_producer(current, to, opts, stage) do
      {:reply, _, stage} -> {:noreply, stage}
      {:stop, reason, _, stage} -> {:stop, reason, stage}
      {:stop, _, _} = stop -> stop
    end
  end

  def handle_cast(msg, %{state: state} = stage), do: run_callback(:handle_cast, [msg, state], stage)

  @doc false
  def handle_info({:DOWN, ref, _, _, reason} = msg, stage) do
    %{producers: producers, monitors: monitors} = stage

    cond do
      Map.has_key?(producers, ref) -> consumer_cancel(ref, :down, reason, stage)
      Map.has_key?(monitors, ref) -> producer_cancel(Map.fetch!(monitors, ref), :down, reason, stage)
      true -> run_handle_info(msg, stage)
    end
  end

  # Messages for the producer side.
  def handle_info({:"$gen_producer", _, _} = msg, %{type: :consumer} = stage) do
    log(:error, 'GenStage consumer ~tp received $gen_producer message: ~tp~n', [__self_name__(), msg])
    {:noreply, stage}
  end

  def handle_info({:"$gen_producer", {pid, ref} = from, {:subscribe, current, opts}}, stage) do
    if Map.has_key?(stage.consumers, ref) do
      log(:error, 'GenStage producer ~tp received duplicated subscription from: ~tp~n', [__self_name__(), from])
      Process.send(pid, {:"$gen_consumer", {self(), ref}, {:cancel, :duplicated_subscription}}, [:noconnect])
      {:noreply, stage}
    else
      case cancel_current(current, stage) do
        {:noreply, stage} ->
          mon = Process.monitor(pid)
          stage = %{stage | monitors: Map.put(stage.monitors, mon, ref), consumers: Map.put(stage.consumers, ref, {pid, mon})}
          accept_consumer(opts, from, stage)

        other ->
          other
      end
    end
  end

  def handle_info({:"$gen_producer", {pid, ref} = from, {:ask, counter}}, stage) when is_integer(counter) do
    if Map.has_key?(stage.consumers, ref) do
      dispatcher_result(stage.dispatcher_mod.ask(counter, from, stage.dispatcher_state), stage)
    else
      Process.send(pid, {:"$gen_consumer", {self(), ref}, {:cancel, :unknown_subscription}}, [:noconnect])
      {:noreply, stage}
    end
  end

  def handle_info({:"$gen_producer", {_, ref}, {:cancel, reason}}, stage), do: producer_cancel(ref, :cancel, reason, stage)

  # Messages for the consumer side.
  def handle_info({:"$gen_consumer", _, _} = msg, %{type: :producer} = stage) do
    log(:error, 'GenStage producer ~tp received $gen_consumer message: ~tp~n', [__self_name__(), msg])
    {:noreply, stage}
  end

  def handle_info({:"$gen_consumer", {pid, ref}, events}, %{type: :producer_consumer} = stage) when is_list(events) do
    if Map.has_key?(stage.producers, ref) do
      {queue, counter} = stage.events
      drain_pc_events(:queue.in({events, ref}, queue), counter, stage)
    else
      Process.send(pid, {:"$gen_producer", {self(), ref}, {:cancel, :unknown_subscription}}, [:noconnect])
      {:noreply, stage}
    end
  end

  def handle_info({:"$gen_consumer", {pid, ref} = from, events}, %{type: :consumer} = stage) when is_list(events) do
    case stage.producers do
      %{^ref => entry} ->
        {batches, stage} = split_incoming(from, entry, events, stage)
        handle_batches(batches, from, stage.mod, stage.state, stage, false)

      _ ->
        Process.send(pid, {:"$gen_producer", {self(), ref}, {:cancel, :unknown_subscription}}, [:noconnect])
        {:noreply, stage}
    end
  end

  def handle_info({:"$gen_consumer", {_, ref}, {:cancel, reason}}, stage), do: consumer_cancel(ref, :cancel, reason, stage)

  def handle_info(msg, stage), do: run_handle_info(msg, stage)

  @doc false
  def terminate(reason, %{mod: mod, state: state}) do
    if function_exported?(mod, :terminate, 2), do: mod.terminate(reason, state), else: :ok
  end

  @doc false
  def code_change(old_vsn, %{mod: mod, state: state} = stage, extra) do
    if function_exported?(mod, :code_change, 3) do
      case mod.code_change(old_vsn, state, extra) do
        {:ok, state} -> {:ok, %{stage | state: state}}
        other -> other
      end
    else
      {:ok, stage}
    end
  end

  # What :sys.get_status/1 and crash reports show: the user's state (and the stage's shape).
  @doc false
  def format_status(opt, [pdict, %{mod: mod, state: state} = stage]) do
    own? = function_exported?(mod, :format_status, 2)

    case opt do
      :normal ->
        data = [{'State', state} | status_of(stage)]
        if own?, do: user_format_status(mod, opt, pdict, state, data: data), else: [data: data]

      :terminate ->
        if own?, do: user_format_status(mod, opt, pdict, state, state), else: state
    end
  end

  defp user_format_status(mod, opt, pdict, state, fallback) do
    try do
      mod.format_status(opt, [pdict, state])
    catch
      _, _ -> fallback
    end
  end

  defp status_of(%{type: :producer} = stage) do
    [
      {'Stage', :producer},
      {'Dispatcher', stage.dispatcher_mod},
      {'Consumers', consumer_pids(stage)},
      {'Buffer size', Buffer.estimate_size(stage.buffer)}
    ]
  end

  defp status_of(%{type: :producer_consumer} = stage) do
    [
      {'Stage', :producer_consumer},
      {'Dispatcher', stage.dispatcher_mod},
      {'Producers', producer_pids(stage)},
      {'Consumers', consumer_pids(stage)},
      {'Buffer size', Buffer.estimate_size(stage.buffer)}
    ]
  end

  defp status_of(%{type: :consumer} = stage), do: [{'Stage', :consumer}, {'Producers', producer_pids(stage)}]

  defp consumer_pids(stage), do: for({_, {pid, _}} <- stage.consumers, do: pid)
  defp producer_pids(stage), do: for({_, {pid, _, _}} <- stage.producers, do: pid)

  # ---- invoking the user's callbacks ---------------------------------------------------

  defp run_handle_info(msg, %{mod: mod, state: state} = stage) do
    if function_exported?(mod, :handle_info, 2) do
      noreply_result(mod.handle_info(msg, state), stage)
    else
      log(:warning, '** Undefined handle_info in ~tp~n** Unhandled message: ~tp~n', [mod, msg])
      {:noreply, stage}
    end
  end

  # handle_cast/2 and handle_demand/2 (must exist when called).
  defp run_callback(callback, args, %{mod: mod} = stage) do
    noreply_result(apply(mod, callback, args), stage)
  end

  defp run_handle_cancel(kind_reason, from, %{mod: mod, state: state} = stage) do
    if function_exported?(mod, :handle_cancel, 3) do
      noreply_result(mod.handle_cancel(kind_reason, from, state), stage)
    else
      {:noreply, stage}
    end
  end

  defp run_handle_subscribe(side, opts, from, %{mod: mod, state: state}) do
    if function_exported?(mod, :handle_subscribe, 4),
      do: mod.handle_subscribe(side, opts, from, state),
      else: {:automatic, state}
  end

  defp run_format_discarded(mod, excess, state) do
    if function_exported?(mod, :format_discarded, 2), do: mod.format_discarded(excess, state), else: true
  end

  defp noreply_result(result, stage) do
    case result do
      {:noreply, events, state} when is_list(events) ->
        {:noreply, dispatch_events(events, length(events), %{stage | state: state})}

      {:noreply, events, state, :hibernate} when is_list(events) ->
        {:noreply, dispatch_events(events, length(events), %{stage | state: state}), :hibernate}

      {:stop, reason, state} ->
        {:stop, reason, %{stage | state: state}}

      other ->
        {:stop, {:bad_return_value, other}, stage}
    end
  end

  # The frames GenStage 1.3.2 has on the BEAM's stack where our frame `entry` is (at the
  # run_* functions calling back, and a few more): used by :beamsh_otp_stack so crash
  # reports and exit reasons read as on the BEAM.
  @doc false
  def __frames__({GenStage, fun, _, _}) do
    case fun do
      :run_handle_info -> [frame(:noreply_callback, 3, 2202)]
      :run_callback -> [frame(:noreply_callback, 3, 2219)]
      :run_handle_cancel -> [frame(:noreply_callback, 3, 2212)]
      :producer_cancel -> [frame(:producer_cancel, 4, 2357)]
      :invoke_cancel -> [frame(:invoke_cancel, 4, 2699)]
      :run_handle_call -> [frame(:handle_call, 3, 1938)]
      :init -> [frame(:init, 1, 1812)]
      :accept_consumer -> [frame(:producer_subscribe, 3, 2302)]
      :subscribed_to -> [frame(:consumer_subscribe, 7, 2650)]
      :handle_batches -> [frame(:consumer_dispatch, 6, 2569)]
      :drain_pc_events -> [frame(:take_pc_events, 3, 2758)]
      :buffer_events -> [frame(:buffer_events, 2, 2469)]
      _ -> []
    end
  end

  def __frames__({ConsumerSupervisor, :init, arity, _}) when arity == 2 or length(arity) == 2,
    do: [{ConsumerSupervisor, :init, arity, [file: 'lib/consumer_supervisor.ex', line: 315]}]

  def __frames__({ConsumerSupervisor, :init, 1, _}),
    do: [{ConsumerSupervisor, :init, 1, [file: 'lib/consumer_supervisor.ex', line: 337]}]

  def __frames__({GenStage.Streamer, :handle_demand, 2, _}),
    do: [{GenStage.Streamer, :handle_demand, 2, [file: 'lib/gen_stage/streamer.ex', line: 52]}]

  def __frames__(_), do: []

  defp frame(fun, arity, line), do: {GenStage, fun, arity, [file: 'lib/gen_stage.ex', line: line]}

  # ---- producer side -------------------------------------------------------------------

  defp demand_mode(%{events: :forward} = stage), do: {:reply, :forward, stage}
  defp demand_mode(%{events: events} = stage) when is_list(events), do: {:reply, :accumulate, stage}

  # A producer_consumer always forwards.
  defp set_demand_mode(:forward, %{type: :producer_consumer} = stage), do: {:noreply, stage}

  defp set_demand_mode(_mode, %{type: type} = stage) when type != :producer do
    log(:error, 'Demand mode can only be set for producers, GenStage ~tp is a ~ts', [__self_name__(), type])
    {:noreply, stage}
  end

  defp set_demand_mode(:forward, %{events: events} = stage) do
    stage = %{stage | events: :forward}

    if is_list(events) do
      # Replay what was held back, oldest first, until a callback stops the stage.
      Enum.reduce(Enum.reverse(events), {:noreply, stage}, fn
        held, {:noreply, stage} -> replay_held(held, stage)
        held, {:noreply, stage, _} -> replay_held(held, stage)
        _, {:stop, _, _} = stop -> stop
      end)
    else
      {:noreply, stage}
    end
  end

  defp set_demand_mode(:accumulate, %{events: events} = stage) do
    if is_list(events), do: {:noreply, stage}, else: {:noreply, %{stage | events: []}}
  end

  defp replay_held({:demand, counter}, stage), do: serve_demand(counter, stage)
  defp replay_held({:dispatch, events, length}, stage), do: {:noreply, dispatch_events(events, length, stage)}

  defp accept_consumer(opts, from, stage) do
    %{dispatcher_mod: dmod, dispatcher_state: dstate} = stage

    case run_handle_subscribe(:consumer, opts, from, stage) do
      {:automatic, state} ->
        stage = %{stage | state: state}

        # The dispatcher learns of the consumer after the callback: it may produce demand.
        case dmod.subscribe(opts, from, dstate) do
          {:ok, _, _} = ok -> dispatcher_result(ok, stage)
          {:error, reason} -> producer_cancel(elem(from, 1), :cancel, reason, stage)
        end

      {:stop, reason, state} ->
        {:stop, reason, %{stage | state: state}}

      other ->
        {:stop, {:bad_return_value, other}, stage}
    end
  end

  defp cancel_current(nil, stage), do: {:noreply, stage}
  defp cancel_current({ref, reason}, stage), do: producer_cancel(ref, :cancel, reason, stage)

  defp producer_cancel(ref, kind, reason, stage) do
    case Map.pop(stage.consumers, ref) do
      {nil, _} ->
        {:noreply, stage}

      {{pid, mon}, consumers} ->
        Process.demonitor(mon, [:flush])
        Process.send(pid, {:"$gen_consumer", {self(), ref}, {:cancel, reason}}, [:noconnect])
        stage = %{stage | consumers: consumers, monitors: Map.delete(stage.monitors, mon)}

        case run_handle_cancel({kind, reason}, {pid, ref}, stage) do
          {:noreply, stage} ->
            # The dispatcher learns of it after the callback: it may produce demand.
            dispatcher_result(stage.dispatcher_mod.cancel({pid, ref}, stage.dispatcher_state), stage)

          {:stop, _, _} = stop ->
            stop

          other ->
            other
        end
    end
  end

  # A dispatcher answered {:ok, demand, state}: serve the demand from the buffer, then ask
  # handle_demand/2 (producer) or release queued upstream events (producer_consumer).
  defp dispatcher_result({:ok, counter, dstate}, %{type: :producer_consumer} = stage) do
    {queue, demand} = stage.events
    counter = demand + counter
    stage = %{stage | dispatcher_state: dstate, events: {queue, counter}}
    {:ok, _, stage} = take_from_buffer(counter, stage)
    {queue, counter} = stage.events
    drain_pc_events(queue, counter, stage)
  end

  defp dispatcher_result({:ok, counter, dstate}, stage) do
    serve_demand(counter, %{stage | dispatcher_state: dstate})
  end

  defp serve_demand(counter, stage) do
    case take_from_buffer(counter, stage) do
      {:ok, 0, stage} -> {:noreply, stage}
      {:ok, left, %{events: :forward, state: state} = stage} -> run_callback(:handle_demand, [left, state], stage)
      {:ok, left, %{events: held} = stage} when is_list(held) -> {:noreply, %{stage | events: [{:demand, left} | held]}}
    end
  end

  # Events returned by a callback go to the dispatcher; what it cannot deliver is buffered.
  defp dispatch_events([], _length, stage), do: stage

  defp dispatch_events(events, length, %{type: :producer, events: held} = stage) when is_list(held) do
    %{stage | events: [{:dispatch, events, length} | held]}
  end

  defp dispatch_events(events, _length, %{type: :consumer} = stage) do
    log(:error, 'GenStage consumer ~tp cannot dispatch events (an empty list must be returned): ~tp~n', [__self_name__(), events])
    stage
  end

  defp dispatch_events(events, length, stage) do
    {:ok, left, dstate} = stage.dispatcher_mod.dispatch(events, length, stage.dispatcher_state)

    stage =
      case stage do
        %{type: :producer_consumer, events: {queue, demand}} ->
          sent = length - length(left)
          %{stage | dispatcher_state: dstate, events: {queue, max(demand - sent, 0)}}

        _ ->
          %{stage | dispatcher_state: dstate}
      end

    buffer_events(left, stage)
  end

  # Takes up to `counter` buffered events (stopping at a queued info), dispatches them and
  # any info reached; {:ok, demand still unserved, stage}.
  defp take_from_buffer(counter, stage) do
    case Buffer.take(stage.buffer, counter) do
      :empty ->
        {:ok, counter, stage}

      {:ok, buffer, left, events, infos} ->
        stage = dispatch_events(events, counter - left, %{stage | buffer: buffer})
        stage = Enum.reduce(infos, stage, &dispatch_info/2)
        take_from_buffer(left, stage)
    end
  end

  defp buffer_events([], stage), do: stage

  defp buffer_events(events, %{mod: mod, buffer: buffer, buffer_keep: keep, state: state} = stage) do
    {buffer, excess, infos} = Buffer.store(buffer, events, keep)

    if excess > 0 and run_format_discarded(mod, excess, state) do
      log(:warning, 'GenStage producer ~tp has discarded ~tp events from buffer', [__self_name__(), excess])
    end

    Enum.reduce(infos, %{stage | buffer: buffer}, &dispatch_info/2)
  end

  defp buffered_count(%{type: :consumer} = stage) do
    log(:error, 'Buffered count can only be requested for producers, GenStage ~tp is a consumer', [__self_name__()])
    {:reply, 0, stage}
  end

  defp buffered_count(stage), do: {:reply, Buffer.estimate_size(stage.buffer), stage}

  # sync_info/async_info: the message reaches handle_info/2 after the events before it.
  defp queue_info(msg, %{type: :consumer} = stage) do
    send(self(), msg)
    {:reply, :ok, stage}
  end

  defp queue_info(msg, %{type: :producer_consumer, events: {queue, demand}} = stage) do
    if :queue.is_empty(queue) do
      {:reply, :ok, info_after_buffer(msg, stage)}
    else
      {:reply, :ok, %{stage | events: {:queue.in({:info, msg}, queue), demand}}}
    end
  end

  defp queue_info(msg, stage), do: {:reply, :ok, info_after_buffer(msg, stage)}

  defp info_after_buffer(msg, stage) do
    case Buffer.put_info(stage.buffer, msg) do
      :empty -> dispatch_info(msg, stage)
      {:ok, buffer} -> %{stage | buffer: buffer}
    end
  end

  defp dispatch_info(msg, stage) do
    {:ok, dstate} = stage.dispatcher_mod.info(msg, stage.dispatcher_state)
    %{stage | dispatcher_state: dstate}
  end

  # ---- consumer side -------------------------------------------------------------------

  defp subscribe_to_producer(_current, to, _opts, %{type: :producer} = stage) do
    log(:error, 'GenStage producer ~tp cannot be subscribed to another stage: ~tp~n', [__self_name__(), to])
    {:reply, {:error, :not_a_consumer}, stage}
  end

  defp subscribe_to_producer(current, to, opts, stage) do
    case __subscription_opts__(opts) do
      {:ok, max, min, cancel} ->
        case GenServer.whereis(to) do
          nil when cancel == :temporary ->
            {:reply, {:ok, make_ref()}, stage}

          nil ->
            mod =
              case stage do
                %{state: %{mod: mod}} -> mod
                %{mod: mod} -> mod
              end

            log(:error, 'GenStage consumer ~tp was not able to subscribe to the process ~tp because that process is not alive~n', [mod, to])
            {:stop, :noproc, {:ok, make_ref()}, stage}

          pid ->
            ref = Process.monitor(pid)
            Process.send(pid, {:"$gen_producer", {self(), ref}, {:subscribe, current, opts}}, [:noconnect])
            subscribed_to(opts, ref, pid, cancel, min, max, stage)
        end

      {:error, message} ->
        log(:error, 'GenStage consumer ~tp subscribe received invalid option: ~ts~n', [__self_name__(), message])
        {:reply, {:error, {:bad_opts, message}}, stage}
    end
  end

  defp subscribed_to(opts, ref, pid, cancel, min, max, stage) do
    from = {pid, ref}

    case run_handle_subscribe(:producer, opts, from, stage) do
      {:automatic, state} ->
        ask(from, max, [:noconnect])
        producers = Map.put(stage.producers, ref, {pid, cancel, {max, min, max}})
        {:reply, {:ok, ref}, %{stage | producers: producers, state: state}}

      {:manual, state} ->
        producers = Map.put(stage.producers, ref, {pid, cancel, :manual})
        {:reply, {:ok, ref}, %{stage | producers: producers, state: state}}

      {:stop, reason, state} ->
        {:stop, reason, %{stage | state: state}}

      other ->
        {:stop, {:bad_return_value, other}, stage}
    end
  end

  # Events from one producer become batches {events, demand to ask after handling them}.
  defp split_incoming({_, ref} = from, {pid, cancel, {demand, min, max}}, events, stage) do
    {demand, batches} = __split_batches__(events, from, min, max, demand)
    {batches, %{stage | producers: Map.put(stage.producers, ref, {pid, cancel, {demand, min, max}})}}
  end

  defp split_incoming(_from, {_, _, :manual}, events, stage), do: {[{events, 0}], stage}

  # Cuts `events` into batches of at most max - min. `pending` is what the consumer still
  # expects from this producer: it goes down by each batch, and when it reaches min the
  # batch carries an ask that brings it back up to max. Events beyond what was asked for
  # are reported (and not counted). Returns {pending after all batches, batches}.
  @doc false
  def __split_batches__(events, from, min, max, pending) do
    cut_batches(events, from, min, max, pending, pending, [])
  end

  defp cut_batches([], _from, _min, _max, _expected, pending, acc), do: {pending, Enum.reverse(acc)}

  defp cut_batches(events, from, min, max, expected, pending, acc) do
    {batch, size, rest} = take_batch(events, max - min, 0, [])

    {expected, size} =
      if size > expected do
        log(:error, 'GenStage consumer ~tp has received ~tp events in excess from: ~tp~n', [__self_name__(), size - expected, from])
        {0, expected}
      else
        {expected - size, size}
      end

    left = pending - size

    {pending, ask} =
      if left <= min, do: {max, max - left}, else: {left, 0}

    cut_batches(rest, from, min, max, expected, pending, [{batch, ask} | acc])
  end

  defp take_batch(rest, limit, limit, acc), do: {Enum.reverse(acc), limit, rest}
  defp take_batch([], _limit, count, acc), do: {Enum.reverse(acc), count, []}
  defp take_batch([event | rest], limit, count, acc), do: take_batch(rest, limit, count + 1, [event | acc])

  # Each batch goes to handle_events/3; after it, its events are dispatched (producer_consumer)
  # and its demand asked upstream.
  defp handle_batches([{batch, ask} | batches], from, mod, state, stage, _hibernate?) do
    case mod.handle_events(batch, from, state) do
      {:noreply, events, state} when is_list(events) ->
        stage = dispatch_events(events, length(events), stage)
        ask(from, ask, [:noconnect])
        handle_batches(batches, from, mod, state, stage, false)

      {:noreply, events, state, :hibernate} when is_list(events) ->
        stage = dispatch_events(events, length(events), stage)
        ask(from, ask, [:noconnect])
        handle_batches(batches, from, mod, state, stage, true)

      {:stop, reason, state} ->
        {:stop, reason, %{stage | state: state}}

      other ->
        {:stop, {:bad_return_value, other}, %{stage | state: state}}
    end
  end

  defp handle_batches([], _from, _mod, state, stage, false), do: {:noreply, %{stage | state: state}}
  defp handle_batches([], _from, _mod, state, stage, true), do: {:noreply, %{stage | state: state}, :hibernate}

  defp consumer_cancel(ref, kind, reason, stage) do
    case Map.pop(stage.producers, ref) do
      {nil, _} ->
        {:noreply, stage}

      {{pid, mode, _}, producers} ->
        Process.demonitor(ref, [:flush])
        stage = %{stage | producers: producers}
        schedule_cancel(mode, {kind, reason}, {pid, ref}, stage)
    end
  end

  # A producer_consumer handles the cancellation after the events it has already queued.
  defp schedule_cancel(mode, kind_reason, from, %{type: :producer_consumer, events: {queue, demand}} = stage) do
    if :queue.is_empty(queue) do
      invoke_cancel(mode, kind_reason, from, stage)
    else
      {:noreply, %{stage | events: {:queue.in({:cancel, mode, kind_reason, from}, queue), demand}}}
    end
  end

  defp schedule_cancel(mode, kind_reason, from, stage), do: invoke_cancel(mode, kind_reason, from, stage)

  defp invoke_cancel(mode, {_, reason} = kind_reason, {pid, _} = from, stage) do
    case run_handle_cancel(kind_reason, from, stage) do
      {:noreply, stage} ->
        stops? = mode == :permanent or (mode == :transient and not __transient__(reason))

        if stops? and reason != :already_subscribed do
          log(:notice, 'GenStage consumer ~tp is stopping after receiving cancel from producer ~tp with reason: ~tp~n', [__self_name__(), pid, reason])
          {:stop, reason, stage}
        else
          {:noreply, stage}
        end

      other ->
        other
    end
  end

  # ---- producer_consumer: upstream events wait for downstream demand -------------------

  # `counter` is the downstream demand not yet served; queued upstream events are handled
  # (in arrival order, with the infos and cancellations queued between them) while it is
  # positive. Handling a batch may dispatch more than the demand: the excess is buffered.
  defp drain_pc_events(queue, counter, stage) when counter > 0 do
    case :queue.out(queue) do
      {{:value, {:info, msg}}, queue} ->
        drain_pc_events(queue, counter, info_after_buffer(msg, stage))

      {{:value, {:cancel, mode, kind_reason, from}}, queue} ->
        case invoke_cancel(mode, kind_reason, from, stage) do
          {:noreply, stage} -> drain_pc_events(queue, counter, stage)
          {:noreply, stage, :hibernate} -> drain_pc_events(queue, counter, stage)
          {:stop, _, _} = stop -> stop
        end

      {{:value, {events, ref}}, queue} ->
        case pc_handle_upstream(events, ref, %{stage | events: {queue, counter}}) do
          {:noreply, %{events: {queue, counter}} = stage} -> drain_pc_events(queue, counter, stage)
          {:noreply, %{events: {queue, counter}} = stage, :hibernate} -> drain_pc_events(queue, counter, stage)
          {:stop, _, _} = stop -> stop
        end

      {:empty, queue} ->
        {:noreply, %{stage | events: {queue, counter}}}
    end
  end

  defp drain_pc_events(queue, counter, stage), do: {:noreply, %{stage | events: {queue, counter}}}

  defp pc_handle_upstream(events, ref, stage) do
    case stage.producers do
      %{^ref => {pid, _, _} = entry} ->
        from = {pid, ref}
        {batches, stage} = split_incoming(from, entry, events, stage)
        handle_batches(batches, from, stage.mod, stage.state, stage, false)

      _ ->
        # The producer went away after these events were queued.
        handle_batches([{events, 0}], {:pid, ref}, stage.mod, stage.state, stage, false)
    end
  end
end
