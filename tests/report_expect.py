#!/usr/bin/env python3
"""What a report page must hold once a browser has rendered it, one string
a line, from pmo's own JSON (so that the test follows the data, not the
page): `index STATUS.json` gives each project's row; `project
SCHEDULE.json MATRIX.json` each task's bar or summary, each milestone and
each heat-map cell's count."""
import json
import sys


def main(argv):
    if argv[1] == 'index':
        for p in json.load(open(argv[2]))['projects']:
            print('data-project="%s"' % p['project'])
        return
    plan = json.load(open(argv[2]))
    for t in plan['tasks']:
        if t['milestone']:
            print('id="task-%s" data-milestone="%s"' % (t['id'], t['id']))
        else:
            print('id="task-%s" data-task="%s" data-start="%s" data-finish="%s"'
                  % (t['id'], t['id'], t['start'], t['finish']))
    m = json.load(open(argv[3]))
    for c in m['cells']:
        print('data-row="%d" data-column="%d" data-count="%d"'
              % (c[m['rows']], c[m['columns']], c['count']))


if __name__ == '__main__':
    main(sys.argv)
