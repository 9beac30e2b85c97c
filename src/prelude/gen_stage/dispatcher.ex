# GenStage's dispatchers: how a producer shares its events among its consumers.
#
# A dispatcher keeps its own state inside the producer and answers the producer's questions:
#   init(opts)                    -> {:ok, state}
#   subscribe(opts, from, state)  -> {:ok, demand to ask upstream, state} | {:error, reason}
#   cancel(from, state)           -> {:ok, demand, state}
#   ask(n, from, state)           -> {:ok, demand, state}   (a consumer asked for n more)
#   dispatch(events, n, state)    -> {:ok, events it could not deliver, state}
#   info(msg, state)              -> {:ok, state}            (send msg to self() in order)
defmodule GenStage.Dispatcher do
  @moduledoc false
end
