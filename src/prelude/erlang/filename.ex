# :filename (OTP 25) beside its natives (src/stdlib/filename.ts: basename, dirname, join,
# split, pathtype...): absname/1,2, absname_join/2, append/2, flatten/1, nativename/1,
# validate/1 and basedir/2,3 (the XDG directories on Linux, as OTP reads them; the darwin and
# windows layouts when asked for with the :os option), laid out as filename.erl's functions.
defmodule :filename do
  @moduledoc false

  def absname(name) do
    {:ok, cwd} = :file.get_cwd()
    absname(name, cwd)
  end

  def absname(name, abs_base) when is_binary(name) and is_list(abs_base),
    do: absname(name, filename_string_to_binary(abs_base))

  def absname(name, abs_base) when is_list(name) and is_binary(abs_base),
    do: absname(filename_string_to_binary(name), abs_base)

  def absname(name, abs_base) do
    case :filename.pathtype(name) do
      :relative -> absname_join(abs_base, name)
      :absolute -> :filename.join([flatten(name)])
      :volumerelative -> absname_vr(:filename.split(name), :filename.split(abs_base), abs_base)
    end
  end

  # (Windows only: names relative to a drive)
  defp absname_vr([<<"/">> | rest1], [volume | _], _abs_base), do: :filename.join([volume | rest1])

  defp absname_vr([<<x, ?:>> | rest1], [<<x, _::binary>> | _], abs_base),
    do: absname(:filename.join(rest1), abs_base)

  defp absname_vr([<<x, ?:>> | name], _, _abs_base), do: :filename.join([<<x, ?:, ?/>> | name])
  defp absname_vr(['/' | rest1], [volume | _], _abs_base), do: :filename.join([volume | rest1])
  defp absname_vr([[x, ?:] | rest1], [[x | _] | _], abs_base), do: absname(:filename.join(rest1), abs_base)
  defp absname_vr([[x, ?:] | name], _, _abs_base), do: :filename.join([[x, ?:, ?/] | name])

  def absname_join(abs_base, name), do: :filename.join(abs_base, flatten(name))

  def append(dir, name) when is_binary(dir) and is_binary(name), do: <<dir::binary, ?/::8, name::binary>>
  def append(dir, name) when is_binary(dir), do: append(dir, filename_string_to_binary(name))
  def append(dir, name) when is_binary(name), do: append(filename_string_to_binary(dir), name)
  def append(dir, name), do: dir ++ [?/ | name]

  def nativename(name0) do
    name = :filename.join([name0])

    case :os.type() do
      {:win32, _} -> win32_nativename(name)
      _ -> name
    end
  end

  defp win32_nativename(name) when is_binary(name), do: :binary.replace(name, <<"/">>, <<"\\">>, [:global])
  defp win32_nativename(name), do: for(c <- name, do: if(c == ?/, do: ?\\, else: c))

  def flatten(bin) when is_binary(bin), do: bin
  def flatten(list), do: do_flatten(list, [])

  defp do_flatten([h | t], tail) when is_list(h), do: do_flatten(h, do_flatten(t, tail))
  defp do_flatten([h | t], tail) when is_atom(h), do: :erlang.atom_to_list(h) ++ do_flatten(t, tail)
  defp do_flatten([h | t], tail), do: [h | do_flatten(t, tail)]
  defp do_flatten([], tail), do: tail
  defp do_flatten(atom, tail) when is_atom(atom), do: :erlang.atom_to_list(atom) ++ flatten(tail)

  defp filename_string_to_binary(list) do
    case :unicode.characters_to_binary(flatten(list), :unicode, :file.native_name_encoding()) do
      {:error, _, _} -> :erlang.error(:badarg)
      bin when is_binary(bin) -> bin
    end
  end

  # ---- basedir ----

  def basedir(type, application) when is_atom(type) and (is_list(application) or is_binary(application)),
    do: basedir(type, application, %{})

  def basedir(type, application, opts)
      when is_atom(type) and is_map(opts) and (is_list(application) or is_binary(application)) do
    os = basedir_os_from_opts(opts)
    name = basedir_name_from_opts(os, application, opts)
    base = basedir_from_os(type, os)

    case {type, os} do
      {:user_log, :linux} -> :filename.join([base, name, 'log'])
      {:user_log, :windows} -> :filename.join([base, name, 'Logs'])
      {:user_cache, :windows} -> :filename.join([base, name, 'Cache'])
      {type, _} when type == :site_config or type == :site_data -> for b <- base, do: :filename.join([b, name])
      _ -> :filename.join([base, name])
    end
  end

  defp basedir_os_from_opts(%{os: :linux}), do: :linux
  defp basedir_os_from_opts(%{os: :windows}), do: :windows
  defp basedir_os_from_opts(%{os: :darwin}), do: :darwin
  defp basedir_os_from_opts(%{}), do: basedir_os_type()

  defp basedir_name_from_opts(:windows, app, %{author: author, version: vsn}), do: :filename.join([author, app, vsn])
  defp basedir_name_from_opts(:windows, app, %{author: author}), do: :filename.join([author, app])
  defp basedir_name_from_opts(_, app, %{version: vsn}), do: :filename.join([app, vsn])
  defp basedir_name_from_opts(_, app, _), do: app

  defp basedir_from_os(type, os) do
    case os do
      :linux -> basedir_linux(type)
      :darwin -> basedir_darwin(type)
      :windows -> basedir_windows(type)
    end
  end

  defp basedir_linux(type) do
    case type do
      :user_data -> getenv('XDG_DATA_HOME', '.local/share', true)
      :user_config -> getenv('XDG_CONFIG_HOME', '.config', true)
      :user_cache -> getenv('XDG_CACHE_HOME', '.cache', true)
      :user_log -> getenv('XDG_CACHE_HOME', '.cache', true)
      :site_data -> :string.lexemes(getenv('XDG_DATA_DIRS', '/usr/local/share/:/usr/share/', false), ':')
      :site_config -> :string.lexemes(getenv('XDG_CONFIG_DIRS', '/etc/xdg', false), ':')
    end
  end

  defp basedir_darwin(type) do
    case type do
      :user_data -> basedir_join_home('Library/Application Support')
      :user_config -> basedir_join_home('Library/Application Support')
      :user_cache -> basedir_join_home('Library/Caches')
      :user_log -> basedir_join_home('Library/Logs')
      :site_data -> ['/Library/Application Support']
      :site_config -> ['/Library/Application Support']
    end
  end

  defp basedir_windows(type) do
    case basedir_windows_appdata() do
      :noappdata ->
        case type do
          :user_data -> basedir_join_home('Local')
          :user_config -> basedir_join_home('Roaming')
          :user_cache -> basedir_join_home('Local')
          :user_log -> basedir_join_home('Local')
          :site_data -> []
          :site_config -> []
        end

      {:ok, app_data} ->
        case type do
          :user_data -> getenv('LOCALAPPDATA', app_data)
          :user_config -> app_data
          :user_cache -> getenv('LOCALAPPDATA', app_data)
          :user_log -> getenv('LOCALAPPDATA', app_data)
          :site_data -> []
          :site_config -> []
        end
    end
  end

  defp basedir_windows_appdata() do
    case :os.getenv('APPDATA') do
      invalid when invalid == false or invalid == [] -> :noappdata
      val -> {:ok, val}
    end
  end

  defp getenv(k, def, false), do: getenv(k, def)
  defp getenv(k, def, true), do: getenv(k, basedir_join_home(def))

  defp getenv(k, def) do
    case :os.getenv(k) do
      [] -> def
      false -> def
      val -> val
    end
  end

  defp basedir_join_home(dir) do
    case :os.getenv('HOME') do
      false ->
        # (OTP asks init for the home argument; the runtime's home is System.user_home)
        :filename.join(String.to_charlist(System.user_home!()), dir)

      home ->
        :filename.join(home, dir)
    end
  end

  defp basedir_os_type() do
    case :os.type() do
      {:unix, :darwin} -> :darwin
      {:win32, _} -> :windows
      _ -> :linux
    end
  end

  # ---- validate ----

  def validate(file_name) when is_binary(file_name), do: validate_bin(file_name)

  def validate(file_name) when is_list(file_name) or is_atom(file_name),
    do: validate_list(file_name, :file.native_name_encoding(), :os.type())

  defp validate_list(file_name, enc, os) do
    try do
      true = validate_list(file_name, enc, os, 0) > 0
    catch
      _, _ -> false
    end
  end

  defp validate_list([], _enc, _os, chars), do: chars

  defp validate_list(c, enc, os, chars) when is_integer(c) do
    validate_char(c, enc, os)
    chars + 1
  end

  defp validate_list(a, enc, os, chars) when is_atom(a), do: validate_list(:erlang.atom_to_list(a), enc, os, chars)

  defp validate_list([h | t], enc, os, chars) do
    new_chars = validate_list(h, enc, os, chars)
    validate_list(t, enc, os, new_chars)
  end

  defp validate_char(c, _, _) when c < 1, do: throw(:invalid)
  defp validate_char(c, :latin1, _) when c > 255, do: throw(:invalid)
  defp validate_char(c, :utf8, _) when c >= 0x110000, do: throw(:invalid)
  defp validate_char(c, :utf8, {:win32, _}) when c > 0xFFFF, do: throw(:invalid)
  defp validate_char(_c, :utf8, {:win32, _}), do: :ok
  defp validate_char(c, :utf8, _) when 0xD800 <= c and c <= 0xDFFF, do: throw(:invalid)
  defp validate_char(_, _, _), do: :ok

  defp validate_bin(bin) do
    try do
      true = validate_bin(bin, 0) > 0
    catch
      _, _ -> false
    end
  end

  defp validate_bin(<<>>, bs), do: bs
  defp validate_bin(<<0, _rest::binary>>, _bs), do: throw(:invalid)
  defp validate_bin(<<_b, rest::binary>>, bs), do: validate_bin(rest, bs + 1)
end
