' SPDX-License-Identifier: LGPL-3.0-or-later
' cmptree.vbs <folder A> <folder B>: compares two trees byte for byte on the Windows side,
' run by cscript (Wine 8.0's fc.exe is a stub that reports any two files equal). VBScript,
' because Wine 8.0's JScript cannot enumerate FileSystemObject collections (its Enumerator
' fails with 0x80070057). Scripting.FileSystemObject reads each file as text in the ANSI
' code page, which maps the 256 byte values to 256 distinct characters (measured), so
' equal strings mean equal bytes. Also compares the read-only, hidden and system
' attributes (copies may gain the archive bit). Prints one line per difference, then
' "same: N files, M folders" when there is none; exit code 0 when equal, 1 otherwise.
Option Explicit
Dim fso, differences, files, folders
Set fso = CreateObject("Scripting.FileSystemObject")
differences = 0 : files = 0 : folders = 0

Sub Report(text)
  WScript.Echo text
  differences = differences + 1
End Sub

' SameContent: both files read in 64 KiB pieces (one Read of megabytes is slow in Wine).
Function SameContent(a, b)
  Dim streamA, streamB
  SameContent = True
  If a.Size = 0 Then Exit Function
  Set streamA = fso.OpenTextFile(a.Path, 1, False, 0)
  Set streamB = fso.OpenTextFile(b.Path, 1, False, 0)
  Do While SameContent And Not streamA.AtEndOfStream
    If streamA.Read(65536) <> streamB.Read(65536) Then SameContent = False
  Loop
  streamA.Close
  streamB.Close
End Function

Sub CompareFiles(a, b, relative)
  files = files + 1
  If a.Size <> b.Size Then
    Report "size differs: " & relative & " " & a.Size & " " & b.Size
  ElseIf Not SameContent(a, b) Then
    Report "content differs: " & relative
  End If
  If (a.Attributes And 7) <> (b.Attributes And 7) Then
    Report "attributes differ: " & relative & " " & a.Attributes & " " & b.Attributes
  End If
End Sub

' OnlyIn: the items of one collection that the folder <other> lacks (files or folders).
Sub OnlyIn(side, items, other, relative, suffix)
  Dim item
  For Each item In items
    If Not (fso.FileExists(fso.BuildPath(other, item.Name)) Or fso.FolderExists(fso.BuildPath(other, item.Name))) Then
      Report "only in " & side & ": " & relative & item.Name & suffix
    End If
  Next
End Sub

Sub CompareFolders(a, b, relative)
  Dim item
  folders = folders + 1
  OnlyIn "A", a.Files, b.Path, relative, ""
  OnlyIn "B", b.Files, a.Path, relative, ""
  OnlyIn "A", a.SubFolders, b.Path, relative, "\"
  OnlyIn "B", b.SubFolders, a.Path, relative, "\"
  For Each item In a.Files
    If fso.FileExists(fso.BuildPath(b.Path, item.Name)) Then
      CompareFiles item, fso.GetFile(fso.BuildPath(b.Path, item.Name)), relative & item.Name
    End If
  Next
  For Each item In a.SubFolders
    If fso.FolderExists(fso.BuildPath(b.Path, item.Name)) Then
      CompareFolders item, fso.GetFolder(fso.BuildPath(b.Path, item.Name)), relative & item.Name & "\"
    End If
  Next
End Sub

CompareFolders fso.GetFolder(WScript.Arguments(0)), fso.GetFolder(WScript.Arguments(1)), ""
If differences = 0 Then WScript.Echo "same: " & files & " files, " & folders & " folders"
If differences = 0 Then WScript.Quit 0 Else WScript.Quit 1
