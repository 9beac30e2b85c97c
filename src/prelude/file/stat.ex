# File.Stat: what File.stat/2 returns, made from Erlang's #file_info{} record (a tuple).
defmodule File.Stat do
  defstruct [:size, :type, :access, :atime, :mtime, :ctime, :mode, :links, :major_device, :minor_device, :inode, :uid, :gid]

  def from_record({:file_info, size, type, access, atime, mtime, ctime, mode, links, major, minor, inode, uid, gid}) do
    %File.Stat{size: size, type: type, access: access, atime: atime, mtime: mtime, ctime: ctime, mode: mode, links: links,
      major_device: major, minor_device: minor, inode: inode, uid: uid, gid: gid}
  end

  def to_record(%File.Stat{} = s) do
    {:file_info, s.size, s.type, s.access, s.atime, s.mtime, s.ctime, s.mode, s.links, s.major_device, s.minor_device, s.inode, s.uid, s.gid}
  end
end
