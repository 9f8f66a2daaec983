// SPDX-License-Identifier: LGPL-3.0-or-later
// fso.js <letter>: Scripting.FileSystemObject on <letter>:\js, run by cscript //nologo.
// Prints "name: value" lines that test_cscript.sh checks against the Linux side of the
// folder; every step is guarded, so a failing call prints "name: error 0x..." (Wine's
// cscript prints nothing for an uncaught script error) and the last line is "done".
// Wine 8.0's JScript cannot enumerate FileSystemObject collections (its Enumerator asks
// for _NewEnum as a method only and fails with 0x80070057; probed as "enumerator"), so the
// folder walk takes the names from Shell.Application and each item's details from the
// FileSystemObject. Drive.RootFolder and Folder.Size, .ParentFolder, .Attributes are not
// implemented by Wine 8.0's scrrun (0x80004001 on any drive), so they are not asked.
var fso = new ActiveXObject("Scripting.FileSystemObject");
var letter = WScript.Arguments(0);
var root = letter + ":\\js";

function say(name, value) {
	WScript.Echo(name + ": " + value);
}

function step(name, action) {
	try {
		say(name, action());
	} catch (e) {
		say(name, "error 0x" + (e.number >>> 0).toString(16));
	}
}

function driveProperties() {
	var drive = null;
	step("GetDrive", function () { drive = fso.GetDrive(letter + ":"); return "ok"; });
	step("drive.DriveLetter", function () { return drive.DriveLetter; });
	step("drive.IsReady", function () { return drive.IsReady; });
	step("drive.DriveType", function () { return drive.DriveType; });
	step("drive.FileSystem", function () { return drive.FileSystem; });
	step("drive.VolumeName", function () { return drive.VolumeName; });
	step("drive.SerialNumber", function () { return drive.SerialNumber >>> 0; });
	step("drive.TotalSize", function () { return drive.TotalSize; });
	step("drive.FreeSpace", function () { return drive.FreeSpace; });
	step("FolderExists.root", function () { return fso.FolderExists(letter + ":\\"); });
	step("drive.DriveExists", function () { return fso.DriveExists(letter + ":"); });
}

// walk(path, relative): one "walk" line per item, "name/" for folders, "name size" for files.
function walk(path, relative) {
	var items = new ActiveXObject("Shell.Application").NameSpace(path).Items();
	for (var i = 0; i < items.Count; i++) {
		var item = items.Item(i), name = relative + item.Name;
		if (fso.FolderExists(item.Path)) {
			say("walk", name + "\\");
			walk(item.Path, name + "\\");
		} else {
			say("walk", name + " " + fso.GetFile(item.Path).Size);
		}
	}
}

function folderWalk() {
	step("enumerator", function () { new Enumerator(fso.GetFolder(root).Files); return "ok"; });
	step("walk.start", function () { walk(root + "\\walk", ""); return "ok"; });
	step("walk.Files.Count", function () { return fso.GetFolder(root + "\\walk").Files.Count; });
	step("walk.SubFolders.Count", function () { return fso.GetFolder(root + "\\walk").SubFolders.Count; });
	step("walk.a.txt.Attributes", function () { return fso.GetFile(root + "\\walk\\a.txt").Attributes; });
	step("walk.b.bin.Size", function () { return fso.GetFile(root + "\\walk\\b.bin").Size; });
}

function textFiles() {
	step("CreateTextFile", function () {
		var stream = fso.CreateTextFile(root + "\\new.txt", true);
		stream.WriteLine("line one");
		stream.Write("no newline");
		stream.Close();
		return "ok";
	});
	step("OpenTextFile.append", function () {
		var stream = fso.OpenTextFile(root + "\\new.txt", 8);
		stream.WriteLine("");
		stream.WriteLine("appended");
		stream.Close();
		return "ok";
	});
	step("OpenTextFile.read", function () {
		var stream = fso.OpenTextFile(root + "\\new.txt", 1);
		var first = stream.ReadLine(), rest = stream.ReadAll(), end = stream.AtEndOfStream;
		stream.Close();
		return first + "|" + rest.replace(/\r\n/g, "|") + "|end=" + end;
	});
	step("CreateTextFile.unicode", function () {
		var stream = fso.CreateTextFile(root + "\\unicode.txt", true, true);
		stream.Write("\u00fcber");
		stream.Close();
		return "ok";
	});
	step("CreateTextFile.noOverwrite", function () { fso.CreateTextFile(root + "\\new.txt", false); return "ok"; });
	step("OpenTextFile.missing", function () { fso.OpenTextFile(root + "\\missing.txt", 1); return "ok"; });
}

function copiesAndMoves() {
	step("CopyFile", function () { fso.CopyFile(root + "\\new.txt", root + "\\copy.txt"); return "ok"; });
	step("CopyFile.wildcard", function () {
		fso.CreateFolder(root + "\\txts");
		fso.CopyFile(root + "\\*.txt", root + "\\txts\\");
		return fso.GetFolder(root + "\\txts").Files.Count;
	});
	step("CopyFolder", function () { fso.CopyFolder(root + "\\walk", root + "\\walkcopy"); return "ok"; });
	step("MoveFile", function () { fso.MoveFile(root + "\\copy.txt", root + "\\txts\\moved.txt"); return "ok"; });
	step("GetFile.Attributes.readonly", function () {
		var file = fso.GetFile(root + "\\txts\\moved.txt");
		file.Attributes = 1;
		return fso.GetFile(root + "\\txts\\moved.txt").Attributes & 7;
	});
	step("DeleteFile.readonly", function () { fso.DeleteFile(root + "\\txts\\moved.txt"); return "ok"; });
	step("DeleteFile.force", function () { fso.DeleteFile(root + "\\txts\\moved.txt", true); return "ok"; });
	step("FileExists.moved", function () { return fso.FileExists(root + "\\txts\\moved.txt"); });
}

function foldersAndNames() {
	step("CreateFolder", function () { fso.CreateFolder(root + "\\made"); return fso.FolderExists(root + "\\made"); });
	step("CreateFolder.existing", function () { fso.CreateFolder(root + "\\made"); return "ok"; });
	step("CreateFolder.noParent", function () { fso.CreateFolder(root + "\\no\\parent"); return "ok"; });
	step("GetParentFolderName", function () { return fso.GetParentFolderName(root + "\\walk\\a.txt"); });
	step("GetFile.Name.case", function () { return fso.GetFile(root + "\\WALK\\A.TXT").Name; });
	step("DeleteFolder", function () {
		fso.CopyFolder(root + "\\walk", root + "\\doomed");
		fso.DeleteFolder(root + "\\doomed");
		return fso.FolderExists(root + "\\doomed");
	});
	step("DeleteFolder.missing", function () { fso.DeleteFolder(root + "\\nothing"); return "ok"; });
}

driveProperties();
folderWalk();
textFiles();
copiesAndMoves();
foldersAndNames();
WScript.Echo("done");
