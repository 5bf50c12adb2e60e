; TrialLog for Windows: the PyInstaller one-folder bundle (dist\triallog, built from installers\triallog.spec)
; wrapped in an installer. A recipe: built by .github/workflows/release.yml, never on the Linux development machine.
;
;   iscc /DAppVersion=<triallog.__version__> /DAppId=<triallog.APP_ID> /DSourceDir=dist\triallog /DOutputDir=dist ^
;        installers\windows\triallog.iss
;
; The version and the application id come from the package (the workflow reads them), never written here.
; It installs for the current user without asking for an administrator (%LOCALAPPDATA%\Programs\TrialLog), or for
; everyone when chosen. The records are not in the program's folder but in %LOCALAPPDATA%\TrialLog (paths.py):
; uninstalling leaves them where they are.

#ifndef AppVersion
  #error Pass /DAppVersion= with triallog.__version__
#endif
#ifndef AppId
  #error Pass /DAppId= with triallog.APP_ID
#endif
#ifndef SourceDir
  #error Pass /DSourceDir= with the bundle's folder (dist\triallog)
#endif
#ifndef OutputDir
  #define OutputDir "."
#endif

[Setup]
AppId={#AppId}
AppName=TrialLog
AppVersion={#AppVersion}
AppVerName=TrialLog {#AppVersion}
AppPublisher=TrialLog
AppComments=A dated record of medication trials, denials and calls for step-therapy exceptions
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\TrialLog
DefaultGroupName=TrialLog
DisableProgramGroupPage=yes
; per user by default, no administrator needed; "for all users" stays on offer
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
; Qt 6 runs on 64-bit Windows 10 1809 and newer
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
OutputDir={#OutputDir}
OutputBaseFilename=triallog-{#AppVersion}-windows-x86_64-setup
UninstallDisplayIcon={app}\triallogw.exe
UninstallDisplayName=TrialLog
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; an open TrialLog is asked to close before its files are replaced, and started again afterwards
CloseApplications=yes
RestartApplications=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; an upgrade replaces the whole bundle: nothing of an older version's libraries is left beside the new ones
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
; the windowed launcher: no console window behind TrialLog
Name: "{autoprograms}\TrialLog"; Filename: "{app}\triallogw.exe"; Comment: "Medication trials, denials and appeals"
Name: "{autodesktop}\TrialLog"; Filename: "{app}\triallogw.exe"; Tasks: desktopicon

[Registry]
; `triallog` in the Run box (Win+R) and Start finds the console program; the command line itself needs its full path
Root: HKA; Subkey: "Software\Microsoft\Windows\CurrentVersion\App Paths\triallog.exe"; ValueType: string; ValueName: ""; ValueData: "{app}\triallog.exe"; Flags: uninsdeletekey

[Run]
Filename: "{app}\triallogw.exe"; Description: "{cm:LaunchProgram,TrialLog}"; Flags: nowait postinstall skipifsilent
