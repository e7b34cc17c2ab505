# Builds the Windows installer of the counter app: build\storepos-setup-<version>.exe
#
# Run on Windows 10/11 x64, from any folder, in PowerShell:
#   powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1
# Needs: Python 3.11+ x64 from python.org on PATH (`py -3.11` or `python`), and Inno Setup 6
# (https://jrsoftware.org/isinfo.php; iscc.exe on PATH or in its default folder).
# Then smoke-test the installed app (a fresh data folder, no window):
#   $env:QT_QPA_PLATFORM = 'offscreen'; $env:STOREPOS_HOME = "$env:TEMP\storepos-smoke"
#   & "$env:ProgramFiles\storepos\storepos.exe" --self-test
$ErrorActionPreference = 'Stop'
Set-Location (Join-Path $PSScriptRoot '..\..')

function Run([string]$exe, [string[]]$arguments) {
    & $exe @arguments
    if ($LASTEXITCODE -ne 0) { throw "$exe $arguments failed with exit code $LASTEXITCODE" }
}

$python = if (Get-Command py -ErrorAction SilentlyContinue) { 'py' } else { 'python' }
$pyArgs = if ($python -eq 'py') { @('-3.11', '-m', 'venv', 'build\venv-win') } else { @('-m', 'venv', 'build\venv-win') }
Run $python $pyArgs
$venv = 'build\venv-win\Scripts'
Run "$venv\python.exe" @('-m', 'pip', 'install', '-q', '.[installer]')
Run "$venv\python.exe" @('-m', 'pip', 'install', '-q', '--no-deps', '--force-reinstall', '.')
Run "$venv\python.exe" @('installer\make_icon.py', 'build\icon')
if (Test-Path 'build\dist\storepos') { Remove-Item -Recurse -Force 'build\dist\storepos' }
Run "$venv\pyinstaller.exe" @('--noconfirm', '--clean', '--distpath', 'build\dist', '--workpath', 'build\work-win',
                             'installer\storepos.spec')

$version = & "$venv\python.exe" -c "from importlib.metadata import version; print(version('storepos'))"
$iscc = (Get-Command iscc -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
if (-not (Test-Path $iscc)) { throw 'Inno Setup 6 (ISCC.exe) not found: install it from https://jrsoftware.org/isinfo.php' }
Run $iscc @("/DAppVersion=$version", 'installer\windows\storepos.iss')
Write-Host "build\storepos-setup-$version.exe"
