"""`prism verify CODE`: check a certificate's verification code against this computer's log.

Works without a window and never loads Qt. The code is recomputed from each
completion in the local progress file; a match confirms the certificate was made
from that record, and no match means it was not made from the data here.
"""

from __future__ import annotations

import argparse
import sys

EXIT_VALID = 0
EXIT_NOT_FOUND = 1
EXIT_NOT_A_CODE = 2


def register(commands: argparse._SubParsersAction) -> None:
    """Add `prism verify CODE`."""
    verify = commands.add_parser(
        "verify",
        help="check a certificate's verification code against the progress on this computer",
        description=(
            "Check the verification code printed on a Prism certificate, such as "
            "PRISM-7K3Q-9XHD-2M4T, against the progress kept on this computer (or in "
            "--data-dir, given before the command). Case, spaces and dashes do not matter. "
            "Exit status: 0 the code matches a completion here; 1 it does not; 2 it is not "
            "a Prism code."
        ),
    )
    verify.add_argument("code", metavar="CODE", help="the code from the certificate")
    verify.set_defaults(handler=verify_command)


def verify_command(args: argparse.Namespace) -> int:
    """Print what the code certifies, or why it could not be confirmed."""
    from desktop.commands.cpd import CommandError, open_cpd_service
    from desktop.cpd.formatting import format_date_uk, format_minutes
    from desktop.cpd.learning import format_score
    from desktop.services.certificates import normalise_code

    code = normalise_code(args.code)
    if code is None:
        print(
            f"‘{args.code}’ is not a Prism verification code. Codes look like "
            "PRISM-7K3Q-9XHD-2M4T: type it as printed on the certificate.",
            file=sys.stderr,
        )
        return EXIT_NOT_A_CODE
    try:
        with open_cpd_service(args) as service:
            certificate = service.verify(code)
    except CommandError as error:
        print(error.message, file=sys.stderr)
        return error.status
    if certificate is None:
        print(
            f"{code} does not match any completed module in the progress on this computer. "
            "Check the code is typed as printed. A certificate can only be checked on the "
            "computer (or a copy of the data folder) where it was made; use --data-dir to "
            "check another folder.",
            file=sys.stderr,
        )
        return EXIT_NOT_FOUND
    study = format_minutes(certificate.minutes) if certificate.minutes > 0 else "not tracked"
    score = (
        format_score(certificate.score_percent)
        if certificate.score_percent is not None
        else "no quiz"
    )
    print(f"{code} is valid: it matches this completion record.")
    print(f"Name:          {certificate.profile_name}")
    print(f"Module:        {certificate.module_title}")
    print(f"Completed on:  {format_date_uk(certificate.completed_on)}")
    print(f"Study time:    {study}")
    print(f"Quiz score:    {score}")
    return EXIT_VALID
