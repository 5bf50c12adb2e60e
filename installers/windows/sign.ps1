# Signs Windows programs with the release certificate (Authenticode, SHA-256, timestamped). A recipe: run by
# .github/workflows/release.yml on Windows only when the secrets exist, never on the Linux development machine.
#
#   installers/windows/sign.ps1 FILE...
#
# From the environment: WINDOWS_CERTIFICATE (the .pfx in base64), WINDOWS_CERTIFICATE_PASSWORD.
param([Parameter(Mandatory = $true, ValueFromRemainingArguments = $true)][string[]]$Files)
$ErrorActionPreference = "Stop"

if (-not $env:WINDOWS_CERTIFICATE) { throw "sign.ps1: WINDOWS_CERTIFICATE is not set" }
# the newest signtool of the Windows SDKs installed
$signtool = Get-ChildItem "${env:ProgramFiles(x86)}\Windows Kits\10\bin\*\x64\signtool.exe" |
    Sort-Object { [version]$_.Directory.Parent.Name } | Select-Object -Last 1
if (-not $signtool) { throw "sign.ps1: no signtool.exe in the Windows SDK" }

$pfx = Join-Path $env:RUNNER_TEMP "triallog-signing.pfx"
[IO.File]::WriteAllBytes($pfx, [Convert]::FromBase64String($env:WINDOWS_CERTIFICATE))
try {
    & $signtool.FullName sign /f $pfx /p $env:WINDOWS_CERTIFICATE_PASSWORD /fd SHA256 `
        /tr http://timestamp.digicert.com /td SHA256 /d TrialLog $Files
    if ($LASTEXITCODE) { throw "sign.ps1: signtool sign exited $LASTEXITCODE" }
    & $signtool.FullName verify /pa $Files
    if ($LASTEXITCODE) { throw "sign.ps1: signtool verify exited $LASTEXITCODE" }
}
finally {
    Remove-Item $pfx -ErrorAction SilentlyContinue
}
