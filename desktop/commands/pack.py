"""`prism pack build|install|list|remove|keygen`: an organisation's own modules as packs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

OK, FAILED = 0, 1


def register(commands: argparse._SubParsersAction) -> None:
    pack = commands.add_parser("pack", help="build, install, list and remove content packs")
    actions = pack.add_subparsers(dest="pack_command", metavar="ACTION", required=True)
    build = actions.add_parser("build", help="check a pack folder and write a .prismpack")
    build.add_argument("folder", help="the pack folder (holding pack.yaml)")
    build.add_argument("--out", required=True, help="the .prismpack file to write")
    build.add_argument("--sign-key", help="an Ed25519 private key (PEM) to sign the pack with")
    build.add_argument("--force", action="store_true", help="replace --out if it exists")
    build.set_defaults(handler=build_command)
    check = actions.add_parser("check", help="check a pack folder without building it")
    check.add_argument("folder", help="the pack folder (holding pack.yaml)")
    check.set_defaults(handler=check_command)
    install = actions.add_parser("install", help="install or update a .prismpack")
    install.add_argument("file")
    install.add_argument(
        "--force", action="store_true", help="reinstall the same version, or an older one"
    )
    install.set_defaults(handler=install_command)
    listing = actions.add_parser("list", help="list the installed packs")
    listing.set_defaults(handler=list_command)
    remove = actions.add_parser("remove", help="remove an installed pack (progress is kept)")
    remove.add_argument("pack_id")
    remove.set_defaults(handler=remove_command)
    keygen = actions.add_parser("keygen", help="make a signing key for your organisation")
    keygen.add_argument("--out", required=True, help="where to save the private key (PEM)")
    keygen.set_defaults(handler=keygen_command)


def _course(args: argparse.Namespace):
    from desktop import paths
    from desktop.course.loader import load_course

    override = getattr(args, "content_dir", None)
    assets = None if override else paths.assets_dir()
    return load_course(paths.content_dir(override), assets, authoring_checks=False).course


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return FAILED


def _report(folder: Path, args: argparse.Namespace):
    """Check ``folder``, print its warnings and problems; the check, or None if no course."""
    from desktop.course.loader import CourseError
    from desktop.course.packs.folder import check_pack_folder

    try:
        check = check_pack_folder(folder, _course(args))
    except CourseError as error:
        _fail(f"The course could not be read: {error}")
        return None
    for warning in check.warnings:
        print(f"{warning.format(Path.cwd())} (warning)")
    for problem in check.problems:
        print(problem.format(Path.cwd()), file=sys.stderr)
    return check


def check_command(args: argparse.Namespace) -> int:
    folder = Path(args.folder).expanduser()
    check = _report(folder, args)
    if check is None or not check.ok:
        return FAILED
    print(f"{folder}: the pack can be built ({len(check.warnings)} warning(s))")
    return OK


def build_command(args: argparse.Namespace) -> int:
    from desktop.course.packs.archive import PackError, write_archive
    from desktop.course.packs.signing import SignatureError

    folder, out = Path(args.folder).expanduser(), Path(args.out).expanduser()
    if out.exists() and not args.force:
        return _fail(f"{out} already exists. Choose another name, or add --force to replace it.")
    check = _report(folder, args)
    if check is None:
        return FAILED
    if not check.ok:
        count = len(check.problems)
        return _fail(f"{count} problem{'s' if count != 1 else ''}: no pack written")
    key = None
    if args.sign_key:
        try:
            key = Path(args.sign_key).expanduser().read_bytes()
        except OSError as error:
            return _fail(f"The signing key {args.sign_key} cannot be read: {error.strerror}")
    try:
        write_archive(folder.resolve(), out, key)
    except (PackError, SignatureError) as error:
        return _fail(str(error))
    manifest = check.manifest
    assert manifest is not None
    signed = "signed" if key else "unsigned"
    print(f"Wrote {out}: '{manifest.title}' version {manifest.version}, {signed}, "
          f"{len(manifest.module_ids)} module(s), {len(check.warnings)} warning(s).")  # fmt: skip
    return OK


def install_command(args: argparse.Namespace) -> int:
    from desktop import paths
    from desktop.course.loader import CourseError
    from desktop.course.packs.archive import PackError
    from desktop.course.packs.installed import install_pack

    data_dir = paths.user_data_dir(getattr(args, "data_dir", None))
    try:
        result = install_pack(
            Path(args.file).expanduser(), data_dir, _course(args), force=args.force
        )
    except CourseError as error:
        return _fail(f"The course could not be read: {error}")
    except PackError as error:
        return _fail(f"{Path(args.file).name}: not installed: {error}")
    except OSError as error:
        return _fail(f"The pack could not be written to {data_dir}: {error.strerror}")
    for warning in result.warnings:
        print(f"warning: {warning.message}")
    print(result.message)
    return OK


def list_command(args: argparse.Namespace) -> int:
    from desktop import paths
    from desktop.course.packs.installed import installed_packs

    data_dir = paths.user_data_dir(getattr(args, "data_dir", None))
    packs = installed_packs(data_dir)
    if not packs:
        print(f"No packs are installed in {data_dir}.")
        return OK
    from desktop.course.loader import CourseError
    from desktop.course.packs import load_installed_packs

    try:
        course, _ = load_installed_packs(_course(args), (), data_dir)
    except CourseError as error:
        return _fail(f"The course could not be read: {error}")
    for info in course.packs:
        modules = ", ".join(info.module_ids)
        print(f"{info.id}  {info.version}  {info.title}  {info.origin}  modules: {modules}")
    return OK


def remove_command(args: argparse.Namespace) -> int:
    from desktop import paths
    from desktop.course.packs.archive import PackError
    from desktop.course.packs.installed import remove_pack

    data_dir = paths.user_data_dir(getattr(args, "data_dir", None))
    try:
        removed = remove_pack(data_dir, args.pack_id)
    except PackError as error:
        return _fail(str(error))
    print(
        f"Removed '{removed.title}'. Learners' progress on its modules stays in Prism and "
        "returns if the pack is installed again."
    )
    return OK


def keygen_command(args: argparse.Namespace) -> int:
    from desktop.atomic_files import TargetExistsError, write_bytes_atomic
    from desktop.course.packs.signing import new_private_key_pem

    out = Path(args.out).expanduser()
    pem, public = new_private_key_pem()
    try:
        write_bytes_atomic(out, pem)
    except TargetExistsError:
        return _fail(f"{out} already exists: Prism never overwrites a key.")
    out.chmod(0o600)
    print(f"Private key saved to {out}: keep it secret, and use it with --sign-key.")
    print("Give learners' computers this line under 'publishers:' in trusted-publishers.yaml:")
    print(f"  - name: YOUR ORGANISATION\n    key: {public}")
    return OK
