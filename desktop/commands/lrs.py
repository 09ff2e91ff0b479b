"""`prism lrs ...`: organisation sync of learning records to a learning record store (xAPI).

    prism lrs configure --endpoint URL --username U --password-file FILE [--home-page IRI]
    prism lrs status
    prism lrs consent --profile NAME on|off [--with-cpd] [--org-id ID] [--void-sent]
    prism lrs sync [--retry-held]

Off until an organisation configures it here and a learner opts in for their own
profile. Every failure prints one plain sentence and exits non-zero; the queue is kept.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.commands.profile import _database  # the same data folder and database

OK, FAILED = 0, 1


def register(commands: argparse._SubParsersAction) -> None:
    """Add `prism lrs` and its actions to the command line."""
    lrs = commands.add_parser(
        "lrs",
        help="send learning records to your organisation's learning record store (opt-in)",
        description="Organisation sync: xAPI statements to a learning record store. Off "
        "until configured here and each learner opts in.",
    )
    actions = lrs.add_subparsers(dest="lrs_action", metavar="ACTION", required=True)

    configure = actions.add_parser("configure", help="set the LRS endpoint and credentials")
    configure.add_argument("--endpoint", required=True, metavar="URL", help="the xAPI endpoint")
    configure.add_argument("--username", required=True, metavar="U")
    configure.add_argument(
        "--password-file", required=True, metavar="FILE", help="a file holding the password"
    )
    configure.add_argument(
        "--home-page", metavar="IRI", help="the organisation's home page that names accounts"
    )
    configure.set_defaults(handler=configure_lrs)

    status = actions.add_parser("status", help="show the settings and the queue")
    status.set_defaults(handler=show_status)

    consent = actions.add_parser("consent", help="opt a profile in or out")
    consent.add_argument("--profile", required=True, metavar="NAME")
    consent.add_argument("state", choices=["on", "off"])
    consent.add_argument("--with-cpd", action="store_true", help="also send CPD records")
    consent.add_argument("--org-id", metavar="ID", help="the id your organisation knows you by")
    consent.add_argument(
        "--void-sent",
        action="store_true",
        help="with off: also mark as void what was already sent",
    )
    consent.set_defaults(handler=set_consent)

    sync = actions.add_parser("sync", help="send what is waiting now")
    sync.add_argument(
        "--retry-held",
        action="store_true",
        help="offer statements the LRS refused before once more (after it was fixed)",
    )
    sync.set_defaults(handler=run_sync)


def _data_dir(args: argparse.Namespace) -> Path:
    from desktop import paths

    return paths.user_data_dir(getattr(args, "data_dir", None))


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return FAILED


def configure_lrs(args: argparse.Namespace) -> int:
    from desktop.services import lrs_config

    try:
        password = lrs_config.read_password_file(Path(args.password_file))
        config = lrs_config.make(args.endpoint, args.username, password, args.home_page)
        path = lrs_config.save(_data_dir(args), config)
    except lrs_config.LrsConfigError as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(f"Prism could not save the settings ({error.strerror or error}).")
    print(f"Organisation sync is set up (settings in {path}, readable only by you).")
    print(config.describe())
    print("Nothing is sent until a learner agrees:  prism lrs consent --profile NAME on")
    return OK


def show_status(args: argparse.Namespace) -> int:
    from desktop.services import lrs_config
    from desktop.services.lrs_sync import status_line
    from desktop.store.errors import StoreError
    from desktop.store.lrs_queue import LrsQueue
    from desktop.store.profiles import ProfileRepo

    try:
        config = lrs_config.load(_data_dir(args))
    except lrs_config.LrsConfigError as error:
        return _fail(str(error))
    if config is None:
        print("Organisation sync is off: no learning record store is configured here.")
    else:
        print("Organisation sync is on.")
        print(config.describe())
    try:
        with _database(args) as (db, _):
            queue = LrsQueue(db)
            profiles = ProfileRepo(db).list()
            consents = queue.consenting(p.id for p in profiles)
            for profile in profiles:
                consent = consents.get(profile.id)
                if consent is None:
                    state = "not sharing"
                else:
                    state = "sharing activity" + (" and CPD records" if consent.with_cpd else "")
                print(f"  {profile.name}: {state}")
            counts = queue.counts()
            print(f"Queue: {status_line(counts)}")
            if counts.last_error:
                print(f"Last problem: {counts.last_error}")
    except StoreError as error:
        return _fail(str(error))
    return OK


def set_consent(args: argparse.Namespace) -> int:
    from desktop.services import lrs_config
    from desktop.services.lrs_disclosure import disclosure
    from desktop.store.errors import StoreError
    from desktop.store.lrs_queue import LrsQueue
    from desktop.store.profiles import ProfileRepo

    try:
        with _database(args) as (db, data_dir):
            profile = ProfileRepo(db).find_by_name(args.profile)
            if profile is None:
                return _fail(
                    f"There is no profile called “{args.profile}”. Check the spelling, "
                    "or run: prism profile list"
                )
            queue = LrsQueue(db)
            if args.state == "off":
                voided = queue.withdraw_consent(profile.id, void_sent=args.void_sent)
                print(f"“{profile.name}” no longer shares learning: nothing more is sent.")
                if voided:
                    print(
                        f"{voided} statement(s) already sent will be marked void at the next sync."
                    )
                return OK
            if lrs_config.load(data_dir) is None:
                return _fail(
                    "Organisation sync is not set up on this computer, so there is nothing to "
                    "agree to yet. It is set up with:  prism lrs configure …"
                )
            queue.give_consent(profile.id, with_cpd=args.with_cpd, org_id=args.org_id)
    except lrs_config.LrsConfigError as error:
        return _fail(str(error))
    except StoreError as error:
        return _fail(str(error))
    print(f"“{profile.name}” now shares learning with the organisation.")
    print(disclosure(args.with_cpd, width=88))
    return OK


def run_sync(args: argparse.Namespace) -> int:
    from desktop.services import lrs_config
    from desktop.services.lrs_sync import SyncError, SyncService
    from desktop.store.errors import StoreError

    try:
        with _database(args) as (db, data_dir):
            service = SyncService(db, data_dir)
            if args.retry_held:
                service.queue.release_held()
            report = service.sync()
    except (SyncError, lrs_config.LrsConfigError, StoreError) as error:
        return _fail(str(error))
    print(report.summary())
    return FAILED if report.held else OK
