; Inno Setup 6 script of the counter app for Windows (x64). Built by installer\windows\build.ps1,
; which passes /DAppVersion=... and expects the PyInstaller bundle in build\dist\storepos.
;
;   iscc /DAppVersion=0.1.0 installer\windows\storepos.iss   ->  build\storepos-setup-0.1.0.exe
;
; Installs under Program Files (read only for the cashier's account: the app never writes there);
; each user's data stays in %LOCALAPPDATA%\storepos (or STOREPOS_HOME), which the uninstaller
; leaves alone.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define Root "..\.."

[Setup]
AppId={{6C0B6F2E-4B1D-4C8E-9E7A-2F4B3D1C5A90}
AppName=storepos
AppVersion={#AppVersion}
AppPublisher=storepos
DefaultDirName={autopf}\storepos
DefaultGroupName=storepos
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
OutputDir={#Root}\build
OutputBaseFilename=storepos-setup-{#AppVersion}
SetupIconFile={#Root}\build\icon\storepos.ico
UninstallDisplayIcon={app}\storepos-app.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; An upgrade replaces the program files in place; a running app is closed first.
CloseApplications=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; The whole one-folder bundle: storepos.exe (console: the CLI), storepos-app.exe (the window), _internal\.
Source: "{#Root}\build\dist\storepos\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; Files of an older version that this one no longer ships (old migrations stay: they are shipped).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\storepos"; Filename: "{app}\storepos-app.exe"
Name: "{group}\storepos self-test"; Filename: "{app}\storepos.exe"; Parameters: "--self-test"
Name: "{autodesktop}\storepos"; Filename: "{app}\storepos-app.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\storepos-app.exe"; Description: "{cm:LaunchProgram,storepos}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the user's data folder (%LOCALAPPDATA%\storepos) is never removed.
