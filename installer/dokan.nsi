; SPDX-License-Identifier: LGPL-3.0-or-later
; dokan.nsi - the Dokan installer (NSIS 3), built by scripts/build-installer.sh:
;   makensis -DVERSION=0.6.0 -DX64=<build/x64/bin> -DX64LIB=<build/x64/lib>
;            -DX86=<build/x86/bin> -DX86LIB=<build/x86/lib> -DSRC=<repo> -DOUTFILE=<exe>
;            -DOUTNAME=<its file name> [-DSTUB=amd64-unicode] installer/dokan.nsi
;
; What goes where (a superset of 0.6.0's layout, see README "Installing"):
;   64-bit Windows: System32\drivers\dokan.sys (x64), System32\dokan.dll and dokannp.dll
;   (x64), SysWOW64\dokan.dll and dokannp.dll (x86, so 32-bit programs work too);
;   32-bit Windows: the x86 set in System32.
;   Program Files\Dokan\DokanLibrary: readme.txt, licences, dokan.h, dokanc.h,
;   <arch>\{dokanctl.exe, mounter.exe, dokan.lib} for each architecture installed,
;   sample\mirror\{mirror.c, <arch>\mirror.exe}, uninstall.exe.
; Then `dokanctl /i a` (native architecture); the installer fails with exit code 3 and a
; message when the Dokan or DokanMounter service is not running afterwards.
; The default stub is 32-bit (one file for 32- and 64-bit Windows); STUB=amd64-unicode
; builds the same installer as a 64-bit program, for 64-bit Windows only.

Unicode true
!ifndef STUB
!define STUB x86-unicode
!endif
Target ${STUB}
!if "${STUB}" == "amd64-unicode"
; In a 64-bit installer RunningX64 is constant: the 32-bit branches are unreachable.
!pragma warning disable 6012
!endif

!include LogicLib.nsh
!include x64.nsh
!include StrFunc.nsh
${StrStr}

!define PRODUCT "Dokan"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Dokan"
!define EXIT_SERVICES_FAILED 3

Name "${PRODUCT} ${VERSION}"
OutFile "${OUTFILE}"
RequestExecutionLevel admin
SetCompressor /SOLID lzma
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"
VIAddVersionKey /LANG=1033 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileDescription" "${PRODUCT} ${VERSION} installer"
VIAddVersionKey /LANG=1033 "OriginalFilename" "${OUTNAME}"
VIAddVersionKey /LANG=1033 "LegalCopyright" "LGPL-3.0-or-later and MIT, see the licences"

Page directory
Page instfiles
UninstPage uninstConfirm
UninstPage instfiles

Var Tools ; the folder of the dokanctl.exe that installs and removes the services

Function .onInit
	${If} ${RunningX64}
		SetRegView 64
		StrCpy $INSTDIR "$PROGRAMFILES64\Dokan\DokanLibrary"
		Return
	${EndIf}
!if "${STUB}" == "amd64-unicode"
	MessageBox MB_ICONSTOP "This installer is for 64-bit Windows." /SD IDOK
	SetErrorLevel 2
	Quit
!else
	StrCpy $INSTDIR "$PROGRAMFILES\Dokan\DokanLibrary"
!endif
FunctionEnd

Function un.onInit
	${If} ${RunningX64}
		SetRegView 64
	${EndIf}
FunctionEnd

; The files of one architecture under $INSTDIR.
!macro InstallTools ARCH BIN LIB
	SetOutPath "$INSTDIR\${ARCH}"
	File "${BIN}\dokanctl.exe"
	File "${BIN}\mounter.exe"
	File "${LIB}\dokan.lib"
	SetOutPath "$INSTDIR\sample\mirror\${ARCH}"
	File "${BIN}\mirror.exe"
!macroend

; The system files of one architecture into a system folder.
!macro InstallSystem DIR BIN
	SetOutPath "${DIR}"
	File "${BIN}\dokan.dll"
	File "${BIN}\dokannp.dll"
	SetOutPath "${DIR}\drivers"
	File "${BIN}\dokan.sys"
!macroend

Section "Dokan"
	SetOutPath "$INSTDIR"
	File "/oname=readme.txt" "${SRC}\installer\readme.txt"
	File "/oname=license.lgpl.txt" "${SRC}\LICENSE.lgpl"
	File "/oname=license.mit.txt" "${SRC}\LICENSE.mit"
	File "${SRC}\include\dokan.h"
	File "${SRC}\include\dokanc.h"
	SetOutPath "$INSTDIR\sample\mirror"
	File "${SRC}\samples\mirror\mirror.c"
	${If} ${RunningX64}
		${DisableX64FSRedirection}
		!insertmacro InstallSystem "$WINDIR\System32" "${X64}"
		${EnableX64FSRedirection}
		SetOutPath "$WINDIR\SysWOW64"
		File "${X86}\dokan.dll"
		File "${X86}\dokannp.dll"
		!insertmacro InstallTools x64 "${X64}" "${X64LIB}"
		!insertmacro InstallTools x86 "${X86}" "${X86LIB}"
		StrCpy $Tools "$INSTDIR\x64"
	${Else}
		!insertmacro InstallSystem "$WINDIR\System32" "${X86}"
		!insertmacro InstallTools x86 "${X86}" "${X86LIB}"
		StrCpy $Tools "$INSTDIR\x86"
	${EndIf}
	WriteUninstaller "$INSTDIR\uninstall.exe"
	Call RegisterUninstaller
	Call InstallServices
SectionEnd

Function RegisterUninstaller
	WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT} ${VERSION}"
	WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
	WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PRODUCT}"
	WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
	WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
	WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
	WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
	WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
FunctionEnd

; Leaves "RUNNING" or what `sc query <service>` said on the stack.
Function ServiceState
	Exch $0
	Push $1
	Push $2
	nsExec::ExecToStack '"$SYSDIR\sc.exe" query $0'
	Pop $1
	Pop $2
	${StrStr} $1 $2 "RUNNING"
	${If} $1 != ""
		StrCpy $2 "RUNNING"
	${EndIf}
	StrCpy $0 $2
	Pop $2
	Pop $1
	Exch $0
FunctionEnd

!macro RequireRunning SERVICE
	Push "${SERVICE}"
	Call ServiceState
	Pop $0
	${If} $0 != "RUNNING"
		DetailPrint "${SERVICE} is not running: $0"
		MessageBox MB_ICONSTOP "Dokan could not be installed: the ${SERVICE} service is not running.$\r$\n$0" /SD IDOK
		SetErrorLevel ${EXIT_SERVICES_FAILED}
		Abort
	${EndIf}
!macroend

; dokanctl reports its own failures on stderr only (0.6.0 kept exit code 0), so the
; services themselves are checked.
Function InstallServices
	DetailPrint "dokanctl /i a"
	nsExec::ExecToLog '"$Tools\dokanctl.exe" /i a'
	Pop $0
	!insertmacro RequireRunning "Dokan"
	!insertmacro RequireRunning "DokanMounter"
FunctionEnd

Section "Uninstall"
	${If} ${FileExists} "$INSTDIR\x64\dokanctl.exe"
		StrCpy $Tools "$INSTDIR\x64"
	${Else}
		StrCpy $Tools "$INSTDIR\x86"
	${EndIf}
	nsExec::ExecToLog '"$Tools\dokanctl.exe" /r a'
	Pop $0
	nsExec::ExecToLog '"$Tools\dokanctl.exe" /r n'
	Pop $0
	${If} ${RunningX64}
		${DisableX64FSRedirection}
		Delete /REBOOTOK "$WINDIR\System32\drivers\dokan.sys"
		Delete /REBOOTOK "$WINDIR\System32\dokan.dll"
		Delete /REBOOTOK "$WINDIR\System32\dokannp.dll"
		${EnableX64FSRedirection}
		Delete /REBOOTOK "$WINDIR\SysWOW64\dokan.dll"
		Delete /REBOOTOK "$WINDIR\SysWOW64\dokannp.dll"
	${Else}
		Delete /REBOOTOK "$WINDIR\System32\drivers\dokan.sys"
		Delete /REBOOTOK "$WINDIR\System32\dokan.dll"
		Delete /REBOOTOK "$WINDIR\System32\dokannp.dll"
	${EndIf}
	RMDir /r /REBOOTOK "$INSTDIR\x64"
	RMDir /r /REBOOTOK "$INSTDIR\x86"
	RMDir /r /REBOOTOK "$INSTDIR\sample"
	Delete "$INSTDIR\readme.txt"
	Delete "$INSTDIR\license.lgpl.txt"
	Delete "$INSTDIR\license.mit.txt"
	Delete "$INSTDIR\dokan.h"
	Delete "$INSTDIR\dokanc.h"
	Delete "$INSTDIR\uninstall.exe"
	RMDir "$INSTDIR"
	RMDir "$INSTDIR\.."
	DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd
