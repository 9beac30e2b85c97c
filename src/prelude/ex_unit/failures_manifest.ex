# ExUnit.FailuresManifest: which tests failed in the last run (`mix test --failed`), a map of
# {module, test name} to the test's file, kept on disk as a versioned term. A test that
# passes leaves it, one that fails or is invalid enters it, a skipped or excluded one
# changes nothing; tests whose file is gone, or whose loaded module no longer has them, are
# dropped as it is written. A file that cannot be read as a manifest reads as a new one.
defmodule ExUnit.FailuresManifest do
  @moduledoc false

  @version 1

  def new(), do: %{}

  def files_with_failures(%{} = manifest), do: MapSet.new(Map.values(manifest))

  def failed_test_ids(%{} = manifest), do: MapSet.new(Map.keys(manifest))

  def put_test(%{} = manifest, %ExUnit.Test{state: {state, _}}) when state in [:skipped, :excluded],
    do: manifest

  def put_test(%{} = manifest, %ExUnit.Test{state: nil, module: module, name: name}),
    do: Map.delete(manifest, {module, name})

  def put_test(%{} = manifest, %ExUnit.Test{state: {state, _}, module: module, name: name, tags: tags})
      when state in [:failed, :invalid],
      do: Map.put(manifest, {module, name}, tags.file)

  def write!(manifest, file) when is_binary(file) do
    manifest = Map.drop(manifest, deleted_tests(manifest))
    File.mkdir_p!(Path.dirname(file))
    File.write!(file, :erlang.term_to_binary({@version, manifest}))
  end

  def read(file) when is_binary(file) do
    with {:ok, binary} <- File.read(file),
         {:ok, {@version, manifest}} when is_map(manifest) <- decode(binary) do
      manifest
    else
      _ -> new()
    end
  end

  defp decode(binary) do
    {:ok, :erlang.binary_to_term(binary)}
  rescue
    ArgumentError -> :error
  end

  # (each file is looked for once)
  defp deleted_tests(manifest) do
    {deleted, _exists} =
      Enum.reduce(manifest, {[], %{}}, fn {{module, name} = id, file}, {deleted, exists} ->
        {exists?, exists} =
          case exists do
            %{^file => exists?} -> {exists?, exists}
            _ -> then(File.regular?(file), &{&1, Map.put(exists, file, &1)})
          end

        gone? =
          not exists? or (:code.is_loaded(module) != false and not function_exported?(module, name, 1))

        {if(gone?, do: [id | deleted], else: deleted), exists}
      end)

    deleted
  end
end
